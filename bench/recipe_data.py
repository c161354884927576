"""The data half of the seed recipe, shared by the peer scripts.

Reads the CSV, maps a 2-class target to 0/1 in sorted order, takes the
last `validation_split` of the rows for validation (Keras semantics: before
any shuffling) and standardizes with the training rows' mean and population
std, as Backprop does.
"""
import math
import sys

import numpy as np
import pandas as pd


def load_recipe(csv, target, validation_split, who):
    """Return float32 x_train, x_val and int64 0/1 y_train, y_val."""
    df = pd.read_csv(csv)
    y_col = df.pop(target)
    values = (y_col.to_numpy(dtype=np.float64) if y_col.dtype.kind in "biuf"
              else y_col.astype(str).to_numpy())
    classes = sorted(set(values.tolist()))
    if len(classes) != 2:
        sys.exit(f"{who}: target {target!r} has {len(classes)} "
                 f"classes; this script does 2-class targets only")
    y = (values == classes[1]).astype(np.int64)     # sorted order: 0, 1
    x = df.to_numpy(dtype=np.float64)
    split_at = int(math.floor(x.shape[0] * (1.0 - validation_split)))
    x_train, x_val = x[:split_at], x[split_at:]
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)            # population std (ddof=0)
    std[std == 0] = 1.0
    x_train = np.ascontiguousarray(((x_train - mean) / std).astype(np.float32))
    x_val = np.ascontiguousarray(((x_val - mean) / std).astype(np.float32))
    return x_train, x_val, np.ascontiguousarray(y[:split_at]), np.ascontiguousarray(y[split_at:])
