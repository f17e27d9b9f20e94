#!/usr/bin/python3
"""Split a launch history by date: the first 80% to train.csv, the last
20% to test.csv (without the targets) and truth.csv; now.txt holds a
clock just before the first test launch."""
import os
import sys

import pandas as pd

src, out = sys.argv[1], sys.argv[2]
h = pd.read_csv(src, keep_default_na=False, dtype=str)
h = h.sort_values(["launch_date", "item_id"], kind="mergesort")
cut = int(len(h) * 0.8)
train, test = h.iloc[:cut], h.iloc[cut:]
train.to_csv(os.path.join(out, "train.csv"), index=False)
test.drop(columns=["day1_impressions", "day1_top10_share"]).to_csv(
    os.path.join(out, "test.csv"), index=False)
test[["item_id", "day1_impressions"]].to_csv(
    os.path.join(out, "truth.csv"), index=False)
with open(os.path.join(out, "now.txt"), "w") as f:
    f.write(str(test["launch_date"].iloc[0]) + "T00:00:00Z\n")
