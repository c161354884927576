#!/usr/bin/python3
"""PyTorch (eager) side of bench_train.py: the seed recipe, done by hand.

Loads a CSV with pandas, prepares it the way `backprop-cli train` does and
trains an MLP: one logit output for a 2-class target, K logits and a
softmax (inside CrossEntropyLoss) for K > 2 classes:

- target: classes become 0..K-1 in sorted order (benign → 0, malignant → 1;
  digits 0..9 stay 0..9)
- Keras validation_split: split_at = floor(n × (1 − split)); rows before it
  train, the rest validate, in file order, before any shuffling
- standardize every feature with the training rows' mean and population
  standard deviation (ddof 0); a constant column is only centred
- nn.Sequential(Linear, ReLU, …, Linear(·, 1 or K)), Glorot-uniform
  weights, zero biases, BCEWithLogitsLoss (2 classes) or CrossEntropyLoss
  (K classes: softmax + categorical cross-entropy), torch.optim.Adam(lr,
  eps=1e-7)
- training rows reshuffled every epoch by a seeded torch.Generator

Only the epochs are timed: per epoch the shuffle, every batch (gather,
forward, loss, backward, Adam step, running loss and accuracy), then one
forward pass over the validation rows in chunks of 1024 rows, as
Backprop does. Loading and preparing the data, imports and building the
model are not timed.

Prints one JSON line. Thread counts come from the command line; the parent
also sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS in this
process's environment (they must be set before torch is imported).

Usage: train_torch.py DATA.csv --target COL [--layers 128,64] [--epochs 10]
       [--batch-size 32] [--lr 0.001] [--threads 1] [--seed 0]
       [--validation-split 0.2]
"""

import argparse
import json
import os
import sys
import time

EVAL_ROWS = 1024   # Backprop's validation chunk (engine/bp-trainer.c)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("csv")
    p.add_argument("--target", required=True)
    p.add_argument("--layers", default="128,64",
                   help="hidden widths, comma-separated (all ReLU)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--validation-split", type=float, default=0.2)
    args = p.parse_args()

    t_import = time.perf_counter()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from recipe_data import load_recipe
    import numpy as np
    import torch
    from torch import nn
    t_import = time.perf_counter() - t_import

    torch.set_num_threads(args.threads)

    # ---- data (not timed) -------------------------------------------------
    t_load = time.perf_counter()
    x_train, x_val, y_train, y_val, n_classes = load_recipe(
        args.csv, args.target, args.validation_split, "train_torch")
    binary = n_classes == 2
    x_train = torch.from_numpy(x_train)
    x_val = torch.from_numpy(x_val)
    if binary:
        y_train = torch.from_numpy(y_train.astype(np.float32)).reshape(-1, 1)
        y_val = torch.from_numpy(y_val.astype(np.float32)).reshape(-1, 1)
    else:
        y_train = torch.from_numpy(y_train)
        y_val = torch.from_numpy(y_val)
    t_load = time.perf_counter() - t_load

    # ---- model --------------------------------------------------------------
    torch.manual_seed(args.seed)
    widths = [x_train.shape[1]] + [int(w) for w in args.layers.split(",")]
    mods = []
    for a, b in zip(widths, widths[1:]):
        mods += [nn.Linear(a, b), nn.ReLU()]
    mods.append(nn.Linear(widths[-1], 1 if binary else n_classes))
    model = nn.Sequential(*mods)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    loss_fn = nn.BCEWithLogitsLoss() if binary else nn.CrossEntropyLoss()

    def n_correct(logits, y):
        if binary:
            return int(((logits > 0) == (y > 0.5)).sum())
        return int((logits.argmax(dim=1) == y).sum())
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-7)
    shuffle = torch.Generator().manual_seed(args.seed)
    n_train, n_val = x_train.shape[0], x_val.shape[0]
    bs = args.batch_size

    # ---- epochs (timed) -------------------------------------------------------
    history = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n_train, generator=shuffle)
        loss_sum = 0.0
        correct = 0
        for start in range(0, n_train, bs):
            idx = perm[start:start + bs]
            xb = x_train.index_select(0, idx)
            yb = y_train.index_select(0, idx)
            opt.zero_grad(set_to_none=True)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * idx.shape[0]
            correct += n_correct(logits.detach(), yb)
        model.eval()
        val_loss = 0.0
        val_correct = 0
        with torch.no_grad():
            for start in range(0, n_val, EVAL_ROWS):
                xv = x_val[start:start + EVAL_ROWS]
                yv = y_val[start:start + EVAL_ROWS]
                lv = model(xv)
                val_loss += float(loss_fn(lv, yv)) * xv.shape[0]
                val_correct += n_correct(lv, yv)
        seconds = time.perf_counter() - t0
        history.append({
            "epoch": epoch + 1,
            "seconds": seconds,
            "loss": loss_sum / n_train,
            "accuracy": correct / n_train,
            "val_loss": val_loss / n_val if n_val else float("nan"),
            "val_accuracy": val_correct / n_val if n_val else float("nan"),
        })

    total = sum(h["seconds"] for h in history)
    last = history[-1]
    out = {
        "final": True,
        "epochs": len(history),
        "seconds": total,
        "epoch_seconds": [h["seconds"] for h in history],
        "samples_per_second": n_train * len(history) / total if total else 0.0,
        "loss": last["loss"],
        "accuracy": last["accuracy"],
        "val_loss": last["val_loss"],
        "val_accuracy": last["val_accuracy"],
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_rows": n_train,
        "validation_rows": n_val,
        "classes": n_classes,
        "threads": torch.get_num_threads(),
        "seed": args.seed,
        "load_seconds": t_load,
        "import_seconds": t_import,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "env": {k: os.environ.get(k) for k in
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
