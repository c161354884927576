#!/usr/bin/python3
"""Write a deterministic numeric classification CSV for the load benchmark.

The file has ROWS data rows and FEATURES float columns (feature_00 ...)
followed by a 0/1 integer column named ``target``; header row, comma
separated, LF line endings, floats printed with '%.6g' like typical
exported data.

Rows come from sklearn.datasets.make_classification when scikit-learn is
installed, otherwise from a numpy-only generator of the same shape.  A
sidecar FILE.meta.json records the parameters; an existing file whose
sidecar matches is left alone.

Usage: /usr/bin/python3 bench/gen_numeric_csv.py OUTPUT.csv [--rows N]
       [--features N] [--seed S] [--backend auto|sklearn|numpy] [--force]
"""

import argparse
import importlib.util
import json
import os
import sys
import time

# Bump when the output for the same parameters would change.
FORMAT_VERSION = 1
FLOAT_FMT = "%.6g"


def resolve_backend(backend):
    if backend == "auto":
        return "sklearn" if importlib.util.find_spec("sklearn") else "numpy"
    return backend


def meta_path(path):
    return path + ".meta.json"


def wanted_meta(rows, features, seed, backend):
    return {
        "format_version": FORMAT_VERSION,
        "rows": rows,
        "features": features,
        "columns": features + 1,
        "seed": seed,
        "backend": backend,
        "float_format": FLOAT_FMT,
    }


def read_meta(path):
    """Return the sidecar of an intact existing file, else None."""
    try:
        with open(meta_path(path), encoding="utf-8") as f:
            meta = json.load(f)
        size = os.path.getsize(path)
    except (OSError, ValueError):
        return None
    # A size mismatch means an interrupted or hand-edited file.
    if meta.get("bytes") != size:
        return None
    return meta


def make_sklearn(rows, features, seed):
    from sklearn.datasets import make_classification

    informative = max(1, features // 2)
    redundant = min(features - informative, features // 4)
    # shift/scale=None give every column its own offset and a magnitude
    # between 1 and 100, closer to real data than unit-variance columns.
    x, y = make_classification(
        n_samples=rows,
        n_features=features,
        n_informative=informative,
        n_redundant=redundant,
        n_classes=2,
        flip_y=0.01,
        shift=None,
        scale=None,
        random_state=seed,
    )
    return x, y


def make_numpy(rows, features, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((rows, features))
    # Mixing makes the columns correlated, as in make_classification.
    mix = np.eye(features) + 0.3 * rng.standard_normal((features, features))
    x = latent @ mix
    weights = rng.standard_normal(features)
    weights[max(1, features // 2):] = 0.0
    logits = latent @ weights + 0.5 * rng.standard_normal(rows)
    y = (logits > 0).astype(np.int64)
    x = (x + rng.uniform(-1.0, 1.0, features)) * rng.uniform(1.0, 100.0, features)
    return x, y


def write_csv(path, x, y):
    import numpy as np

    features = x.shape[1]
    header = ",".join([f"feature_{i:02d}" for i in range(features)] + ["target"])
    data = np.column_stack([x, y.astype(np.float64)])
    fmt = [FLOAT_FMT] * features + ["%d"]
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="ascii", newline="\n") as f:
            np.savetxt(f, data, fmt=fmt, delimiter=",", newline="\n",
                       header=header, comments="")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def ensure_csv(path, rows=200_000, features=32, seed=42, backend="auto",
               force=False, log=sys.stderr):
    """Create PATH unless an identical one exists; return its metadata."""
    backend = resolve_backend(backend)
    want = wanted_meta(rows, features, seed, backend)
    have = None if force else read_meta(path)
    if have is not None and all(have.get(k) == v for k, v in want.items()):
        print(f"gen: {path} is up to date", file=log)
        return have

    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    print(f"gen: writing {path} ({rows} x {features + 1}, seed {seed}, "
          f"{backend})", file=log)
    t0 = time.perf_counter()
    make = make_sklearn if backend == "sklearn" else make_numpy
    x, y = make(rows, features, seed)
    # A stale sidecar must not vouch for a half-written file.
    if os.path.exists(meta_path(path)):
        os.unlink(meta_path(path))
    write_csv(path, x, y)

    meta = dict(want)
    meta["bytes"] = os.path.getsize(path)
    if backend == "sklearn":
        import sklearn
        meta["generator"] = f"sklearn {sklearn.__version__} make_classification"
    else:
        import numpy
        meta["generator"] = f"numpy {numpy.__version__} default_rng"
    with open(meta_path(path), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"gen: done in {time.perf_counter() - t0:.1f} s, "
          f"{meta['bytes'] / 2**20:.1f} MiB", file=log)
    return meta


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("output", help="CSV file to write")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--features", type=int, default=32,
                   help="float columns, not counting target (default 32)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--backend", choices=("auto", "sklearn", "numpy"),
                   default="auto")
    p.add_argument("--force", action="store_true",
                   help="regenerate even if an identical file exists")
    args = p.parse_args(argv)
    if args.rows < 1 or args.features < 1:
        p.error("--rows and --features must be positive")
    ensure_csv(args.output, args.rows, args.features, args.seed,
               args.backend, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
