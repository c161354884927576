#!/usr/bin/python3
"""scikit-learn side of bench_train.py: the seed recipe with MLPClassifier.

Loads a CSV with pandas and prepares it exactly as train_torch.py does
(target classes to 0..K-1 in sorted label order; Keras validation split, the last
20 % of rows validate, in file order, before any shuffling; standardize
with the training rows' mean and population std, a constant column only
centred; float32), then trains sklearn.neural_network.MLPClassifier:

- hidden_layer_sizes from --layers, activation='relu', one logistic output
  unit for a binary target and K softmax units for K > 2 classes (sklearn's
  own choices), log-loss (= binary or categorical cross-entropy)
- solver='adam', learning_rate_init=--lr, beta_1=0.9, beta_2=0.999,
  epsilon=1e-7 (sklearn's default is 1e-8), alpha=0 (no L2 penalty;
  sklearn's default is 1e-4), batch_size=--batch-size, shuffle=True,
  early_stopping=False, tol=0, n_iter_no_change and max_iter large
- one epoch per partial_fit(classes=[0 .. K-1]) call.  partial_fit runs
  exactly one pass over the rows and keeps the weights and the Adam state
  (m, v, t) between calls.  The alternative, warm_start=True with
  max_iter=1, keeps the weights but builds a new AdamOptimizer on every
  fit() call (moments and step count reset each epoch) and warns
  ConvergenceWarning every epoch, so it is not the same recipe.
- random_state is a numpy RandomState(seed), not the int seed: _fit()
  calls check_random_state(self.random_state) on every partial_fit call,
  so with an int each epoch would reuse the first epoch's shuffle order.
  With an instance the generator advances from epoch to epoch, like the
  other contenders' shuffles.  It also draws the initial weights.

Differences from the other contenders that sklearn does not let us change:
weights are uniform(±sqrt(6 / (fan_in + fan_out))) (= Glorot uniform),
but biases are drawn from the same range instead of being zero; Adam is
the Keras form (bias-corrected step size, ε added to sqrt(v) uncorrected);
the running training accuracy is not tracked (reported as null); numpy's
BLAS does the products, threads set only by OMP_NUM_THREADS /
OPENBLAS_NUM_THREADS / MKL_NUM_THREADS, which the parent sets in this
process's environment (they must be set before numpy is imported).

Only the epochs are timed: per epoch one partial_fit call (its input
checks, shuffle, every batch: gather, forward, loss, backward, Adam step),
then predict_proba over the validation rows in chunks of 1024 rows, as
Backprop does, with the validation loss and accuracy.

Prints one JSON line.

Usage: train_sklearn.py DATA.csv --target COL [--layers 128,64]
       [--epochs 10] [--batch-size 32] [--lr 0.001] [--threads 1]
       [--seed 0] [--validation-split 0.2]
"""

import argparse
import json
import os
import sys
import time
import warnings

EVAL_ROWS = 1024   # Backprop's validation chunk (engine/bp-trainer.c)


def blas_threads(threadpoolctl):
    """Threads of the BLAS numpy loaded, as threadpoolctl sees them."""
    if threadpoolctl is None:
        return None, []
    info = threadpoolctl.threadpool_info()
    blas = [i for i in info if i.get("user_api") == "blas"]
    libs = [{k: i.get(k) for k in ("internal_api", "filepath", "version",
                                   "num_threads", "threading_layer")}
            for i in info]
    return (blas[0]["num_threads"] if blas else None), libs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("csv")
    p.add_argument("--target", required=True)
    p.add_argument("--layers", default="128,64",
                   help="hidden widths, comma-separated (all ReLU)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=1,
                   help="expected BLAS threads (set through the environment)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--validation-split", type=float, default=0.2)
    args = p.parse_args()

    t_import = time.perf_counter()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from recipe_data import load_recipe
    import numpy as np
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    try:
        import threadpoolctl
    except ImportError:
        threadpoolctl = None
    t_import = time.perf_counter() - t_import
    # partial_fit does not warn, but a single epoch never "converges": keep
    # any such warning off stderr (the JSON goes to stdout anyway).
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    # ---- data (not timed) -------------------------------------------------
    t_load = time.perf_counter()
    x_train, x_val, y_train, y_val, n_classes = load_recipe(
        args.csv, args.target, args.validation_split, "train_sklearn")
    t_load = time.perf_counter() - t_load

    # ---- model --------------------------------------------------------------
    model = MLPClassifier(
        hidden_layer_sizes=tuple(int(w) for w in args.layers.split(",")),
        activation="relu", solver="adam", alpha=0.0,
        batch_size=args.batch_size, learning_rate_init=args.lr,
        beta_1=0.9, beta_2=0.999, epsilon=1e-7,
        shuffle=True, random_state=np.random.RandomState(args.seed),
        early_stopping=False, tol=0.0, n_iter_no_change=1_000_000,
        max_iter=1_000_000, warm_start=False, verbose=False)
    cls = np.arange(n_classes)
    n_train, n_val = x_train.shape[0], x_val.shape[0]
    eps = 1e-7                            # probability clip for the val loss

    # ---- epochs (timed) -------------------------------------------------------
    history = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        model.partial_fit(x_train, y_train, classes=cls)
        val_loss = 0.0
        val_correct = 0
        for start in range(0, n_val, EVAL_ROWS):
            xv = x_val[start:start + EVAL_ROWS]
            yv = y_val[start:start + EVAL_ROWS]
            proba = model.predict_proba(xv)
            if n_classes == 2:
                pv = np.clip(proba[:, 1], eps, 1.0 - eps)
                val_loss += float(-np.sum(yv * np.log(pv) + (1 - yv) * np.log1p(-pv)))
                val_correct += int(np.sum((pv > 0.5) == (yv == 1)))
            else:
                pv = np.clip(proba[np.arange(len(yv)), yv], eps, 1.0)
                val_loss += float(-np.sum(np.log(pv)))
                val_correct += int(np.sum(proba.argmax(axis=1) == yv))
        seconds = time.perf_counter() - t0
        history.append({
            "epoch": epoch + 1,
            "seconds": seconds,
            "loss": float(model.loss_),   # mean training loss over the epoch
            "val_loss": val_loss / n_val if n_val else float("nan"),
            "val_accuracy": val_correct / n_val if n_val else float("nan"),
        })

    if model.n_iter_ != args.epochs:
        sys.exit(f"train_sklearn: {model.n_iter_} passes, expected {args.epochs}")
    threads, libs = blas_threads(threadpoolctl)
    if threads is None:                   # no threadpoolctl: trust the env
        threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0")) or None
    total = sum(h["seconds"] for h in history)
    last = history[-1]
    out = {
        "final": True,
        "epochs": len(history),
        "seconds": total,
        "epoch_seconds": [h["seconds"] for h in history],
        "samples_per_second": n_train * len(history) / total if total else 0.0,
        "loss": last["loss"],
        "accuracy": None,                 # sklearn keeps no running accuracy
        "val_loss": last["val_loss"],
        "val_accuracy": last["val_accuracy"],
        "parameters": int(sum(c.size for c in model.coefs_) +
                          sum(b.size for b in model.intercepts_)),
        "dtype": str(model.coefs_[0].dtype),
        "out_activation": model.out_activation_,
        "train_rows": n_train,
        "validation_rows": n_val,
        "classes": n_classes,
        "threads": threads,
        "seed": args.seed,
        "load_seconds": t_load,
        "import_seconds": t_import,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "threadpools": libs,
        "env": {k: os.environ.get(k) for k in
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
