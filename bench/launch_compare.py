#!/usr/bin/python3
"""Train python3-xgboost and scikit-learn's HistGradientBoostingRegressor
on DIR/train.csv, predict DIR/test.csv, and score them beside recsysops'
predictions (DIR/recsysops.csv) against DIR/truth.csv: Spearman, AUC of
flagging the bottom decile, precision at that budget; time and peak
memory of each."""
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy.stats import rankdata, spearmanr

d = sys.argv[1]
CAT = ["language", "franchise", "mood"]


def encode(train, test):
    """One-hot categories, multi-hot genres, dates as days: as recsysops."""
    out = []
    genres = sorted({g for s in train["genres"] for g in s.split("|") if g})
    for df in (train, test):
        x = pd.DataFrame(index=df.index)
        for c in df.columns:
            if c in ("item_id", "launch_date", "genres", "announced") or \
                    c.startswith("day1_") or c in CAT:
                continue
            x[c] = pd.to_numeric(df[c], errors="coerce")
        for g in genres:
            x["genres=" + g] = df["genres"].str.split("|").apply(
                lambda v: float(g in v))
        for c in CAT:
            for v in sorted(set(train[c]) - {""}):
                x[c + "=" + v] = np.where(df[c] == "", np.nan,
                                          (df[c] == v).astype(float))
        x["announced"] = (pd.to_datetime(df["announced"], errors="coerce")
                          - pd.Timestamp("1970-01-01")).dt.days
        out.append(x.astype("float32"))
    return out


def scores(pred, y):
    cut = np.quantile(y, 0.1)
    label = y < cut
    risk = -pred
    r = rankdata(risk)
    pos = label.sum()
    auc = (r[label].sum() - pos * (pos + 1) / 2) / (pos * (len(y) - pos))
    top = np.argsort(-risk, kind="mergesort")[:pos]
    return spearmanr(pred, y).correlation, auc, label[top].mean()


train = pd.read_csv(d + "/train.csv", keep_default_na=False, dtype=str)
test = pd.read_csv(d + "/test.csv", keep_default_na=False, dtype=str)
truth = pd.read_csv(d + "/truth.csv", dtype={"item_id": str})
y = np.log1p(train["day1_impressions"].astype(float).values)
yt = truth.set_index("item_id").loc[test["item_id"], "day1_impressions"]
yt = yt.values.astype(float)

t0 = time.perf_counter()
xtr, xte = encode(train, test)
t_enc = time.perf_counter() - t0
print("%-44s %.2f s (%d columns)" % ("python: read + encode (pandas)",
                                    t_enc, xtr.shape[1]))

rows = []
rec = pd.read_csv(d + "/recsysops.csv", dtype={"item": str})
rec = rec.set_index("item").loc[test["item_id"], "prediction"].values
rows.append(("recsysops (C API)", np.log1p(rec), None))

import xgboost as xgb  # noqa: E402

t0, c0 = time.perf_counter(), time.process_time()
m = xgb.XGBRegressor(n_estimators=150, max_depth=5, learning_rate=0.1,
                     tree_method="hist", n_jobs=int(sys.argv[2]),
                     random_state=0,
                     base_score=float(y.mean()))
m.fit(xtr, y)
p = m.predict(xte)
rows.append(("python3-xgboost (n_jobs=%s)" % sys.argv[2], p,
             (time.perf_counter() - t0, time.process_time() - c0)))

from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402

t0, c0 = time.perf_counter(), time.process_time()
h = HistGradientBoostingRegressor(max_iter=150, max_depth=5,
                                  learning_rate=0.1, random_state=0,
                                  early_stopping=False)
h.fit(xtr, y)
p = h.predict(xte)
rows.append(("sklearn HistGradientBoostingRegressor", p,
             (time.perf_counter() - t0, time.process_time() - c0)))

print("%-38s %9s %9s %10s   %s" % ("predictor", "spearman", "auc",
                                   "precision", "fit+predict wall, CPU"))
for name, p, t in rows:
    s, a, pr = scores(p, yt)
    print("%-38s %9.3f %9.3f %10.3f   %s" % (
        name, s, a, pr,
        "see above" if t is None else "%.2f s, %.2f s" % t))
print("python peak memory (encode + both models): %d KB"
      % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
