#!/usr/bin/python3
"""Write a deterministic wide CSV: COLUMNS integer columns (c0, c1, ...)
and ROWS data rows of digits 0-9, header row, commas, LF line endings.

100 000 columns x 4 rows is the file of issue 18 (1.3 MB): `backprop-cli
inspect` on it took 88 s while the work is linear in its size. The test
bench/bench_wide.py uses this to check inspect's time grows linearly
with the width.

Usage: /usr/bin/python3 bench/gen_wide_csv.py OUTPUT.csv [--columns N]
       [--rows N] [--seed S]
"""

import argparse
import random


def write_wide_csv(path, columns, rows, seed=1):
    rng = random.Random(seed)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(",".join("c%d" % i for i in range(columns)) + "\n")
        for _ in range(rows):
            f.write(",".join(str(rng.randrange(10)) for _ in range(columns)) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--columns", type=int, default=100000)
    parser.add_argument("--rows", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_wide_csv(args.output, args.columns, args.rows, args.seed)


if __name__ == "__main__":
    main()
