#!/usr/bin/python3
"""What a team would otherwise run: pandas over the whole log.

usage: pandas_profile.py LOG.csv
"""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1])
print(len(df))
print(df.isna().sum().to_string())
print(df.describe(percentiles=[0.5, 0.99]).to_string())
print(df.nunique().to_string())
