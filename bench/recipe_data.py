"""The data half of the seed recipe, shared by the peer scripts.

Reads the CSV, maps the target's classes to 0..K-1 in sorted order (a
2-class target to 0/1), takes the
last `validation_split` of the rows for validation (Keras semantics: before
any shuffling) and standardizes with the training rows' mean and population
std, as Backprop does.
"""
import math
import sys

import numpy as np
import pandas as pd


def load_recipe(csv, target, validation_split, who):
    """Return float32 x_train, x_val, int64 class indices y_train, y_val
    and the number of classes."""
    df = pd.read_csv(csv)
    y_col = df.pop(target)
    values = (y_col.to_numpy(dtype=np.float64) if y_col.dtype.kind in "biuf"
              else y_col.astype(str).to_numpy())
    classes = sorted(set(values.tolist()))
    if len(classes) < 2:
        sys.exit(f"{who}: target {target!r} has {len(classes)} class(es); "
                 f"a classifier needs 2 or more")
    # sorted order: benign -> 0, malignant -> 1; digits 0..9 stay 0..9
    y = np.searchsorted(np.array(classes), values).astype(np.int64)
    x = df.to_numpy(dtype=np.float64)
    split_at = int(math.floor(x.shape[0] * (1.0 - validation_split)))
    x_train, x_val = x[:split_at], x[split_at:]
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)            # population std (ddof=0)
    std[std == 0] = 1.0
    x_train = np.ascontiguousarray(((x_train - mean) / std).astype(np.float32))
    x_val = np.ascontiguousarray(((x_val - mean) / std).astype(np.float32))
    return (x_train, x_val, np.ascontiguousarray(y[:split_at]),
            np.ascontiguousarray(y[split_at:]), len(classes))


# The prepared arrays as one binary file, for bench/train_fann.c (a C
# program that should not parse CSV or redo the preparation differently):
#   "BPRD", then int32 n_train, n_val, n_inputs, n_classes (little endian),
#   float32 x_train (row-major), int32 y_train, float32 x_val, int32 y_val.
MAGIC = b"BPRD"


def write_prepared(csv, target, validation_split, out):
    x_train, x_val, y_train, y_val, n_classes = load_recipe(
        csv, target, validation_split, "recipe_data")
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(MAGIC)
        np.array([x_train.shape[0], x_val.shape[0], x_train.shape[1], n_classes],
                 dtype="<i4").tofile(f)
        x_train.astype("<f4").tofile(f)
        y_train.astype("<i4").tofile(f)
        x_val.astype("<f4").tofile(f)
        y_val.astype("<i4").tofile(f)
    import os
    os.replace(tmp, out)


if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser(description="Write the prepared recipe data "
                                "(standardized, Keras split) for train_fann.c")
    p.add_argument("csv")
    p.add_argument("out")
    p.add_argument("--target", required=True)
    p.add_argument("--validation-split", type=float, default=0.2)
    a = p.parse_args()
    write_prepared(a.csv, a.target, a.validation_split, a.out)
