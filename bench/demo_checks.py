"""The demo project's checks written with pandas, as a team would script
them without recsysops: the same rows, missing, range and metric checks."""
import json
import sys

import pandas as pd

plays = pd.read_csv("data/plays.csv")
catalog = pd.read_csv("data/catalog.csv")
with open("eval/metrics.json") as f:
    metrics = json.load(f)

failed = []
if not 1000 <= len(plays) <= 100000:
    failed.append("plays-volume")
if plays["duration"].isna().mean() > 0.02:
    failed.append("plays-duration-missing")
if not plays["score"].dropna().between(0, 1).all():
    failed.append("score-range")
if not plays["duration"].dropna().between(0, 14400).all():
    failed.append("duration-range")
if catalog[["language", "genres"]].isna().mean().max() > 0.05:
    failed.append("catalog-complete")
if metrics["ranking"]["ndcg_at_10"] < 0.30:
    failed.append("ndcg")
if metrics["ranking"]["recall_at_50"] < 0.35:
    failed.append("recall")
print(" ".join(failed))
sys.exit(1 if failed else 0)
