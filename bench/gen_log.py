#!/usr/bin/python3
"""Write a synthetic interaction log for bench/data.sh.

usage: gen_log.py ROWS OUT.csv [SEED]

Columns: user, item, ts (epoch seconds), rank, score, country, device,
duration (2% missing).  About 50 bytes a row: 15M rows is about 750 MB.
"""
import sys

import numpy as np

COUNTRIES = np.array(["us", "br", "fr", "de", "in", "jp", "mx", "gb",
                      "ca", "es"])
DEVICES = np.array(["tv", "mobile", "web", "tablet"])


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3
                                else 7)
    chunk = 500_000
    t0 = 1_795_000_000
    with open(out, "w") as f:
        f.write("user,item,ts,rank,score,country,device,duration\n")
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            user = rng.integers(0, 2_000_000, n)
            item = rng.zipf(1.3, n) % 500_000
            ts = t0 + np.sort(rng.integers(0, 7 * 86400, n))
            rank = rng.integers(1, 51, n)
            score = rng.beta(2, 5, n)
            country = COUNTRIES[rng.integers(0, len(COUNTRIES), n)]
            device = DEVICES[rng.integers(0, len(DEVICES), n)]
            dur = rng.integers(10, 7200, n).astype(str).astype(object)
            dur[rng.random(n) < 0.02] = ""
            lines = np.char.add(np.char.add("u", user.astype(str)), ",i")
            cols = [lines, item.astype(str), ",", ts.astype(str), ",",
                    rank.astype(str), ",", np.char.mod("%.4f", score), ",",
                    country, ",", device, ","]
            acc = cols[0]
            for c in cols[1:]:
                acc = np.char.add(acc, c)
            body = [a + d for a, d in zip(acc.tolist(), dur.tolist())]
            f.write("\n".join(body))
            f.write("\n")
            done += n


if __name__ == "__main__":
    main()
