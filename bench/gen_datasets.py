#!/usr/bin/python3
"""Write the real data sets of the benchmarks as CSV files.

  digits   sklearn.datasets.load_digits (python3-sklearn ships it): 1 797
           rows, 64 pixel columns p00..p63 (0..16), then `label` (0..9)
  fashion  Fashion-MNIST's 60 000 training images from Debian's
           dataset-fashion-mnist (/usr/share/datasets/fashion-mnist): 784
           pixel columns p000..p783 (0..255), then `label` (0..9)

Both are written in their original order, header row, commas, LF endings,
integers as they are.  A sidecar FILE.meta.json records what was written;
an existing file whose sidecar matches (and whose size is the recorded one)
is left alone.

Usage: /usr/bin/python3 bench/gen_datasets.py digits|fashion OUTPUT.csv [--force]
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time

FORMAT_VERSION = 1
FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """One IDX file (the MNIST format): big-endian header, then uint8s."""
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"gen_datasets: {path} is not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def load(name):
    import numpy as np
    if name == "digits":
        from sklearn.datasets import load_digits
        d = load_digits()
        x = d.data.astype(np.int64)
        y = d.target.astype(np.int64)
        cols = [f"p{i:02d}" for i in range(x.shape[1])]
        source = "sklearn.datasets.load_digits"
    else:
        img = os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz")
        lab = os.path.join(FASHION_DIR, "train-labels-idx1-ubyte.gz")
        if not (os.path.exists(img) and os.path.exists(lab)):
            sys.exit(f"gen_datasets: {FASHION_DIR} has no training files; "
                     f"apt-get install dataset-fashion-mnist")
        x = read_idx(img).reshape(-1, 28 * 28).astype(np.int64)
        y = read_idx(lab).astype(np.int64)
        cols = [f"p{i:03d}" for i in range(x.shape[1])]
        source = f"{FASHION_DIR}/train-*-idx*-ubyte.gz"
    return x, y, cols, source


def write_csv(path, x, y, cols):
    """Integers only: format each row once with a C-level join."""
    import numpy as np
    table = np.concatenate([x, y[:, None]], axis=1)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(",".join(cols + ["label"]) + "\n")
        strs = np.char.mod("%d", table)
        for start in range(0, table.shape[0], 4096):
            f.write("\n".join(",".join(r) for r in strs[start:start + 4096].tolist()))
            f.write("\n")
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("name", choices=("digits", "fashion"))
    p.add_argument("out")
    p.add_argument("--force", action="store_true")
    args = p.parse_args()
    meta_file = args.out + ".meta.json"
    want = {"format_version": FORMAT_VERSION, "name": args.name}
    if not args.force and os.path.exists(args.out):
        try:
            with open(meta_file, encoding="utf-8") as f:
                meta = json.load(f)
            if ({k: meta.get(k) for k in want} == want
                    and meta.get("bytes") == os.path.getsize(args.out)):
                print(f"gen_datasets: {args.out} is up to date", file=sys.stderr)
                return
        except (OSError, ValueError):
            pass
    t0 = time.perf_counter()
    x, y, cols, source = load(args.name)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write_csv(args.out, x, y, cols)
    meta = dict(want, rows=int(x.shape[0]), features=int(x.shape[1]),
                columns=int(x.shape[1]) + 1, classes=int(y.max()) + 1,
                source=source, bytes=os.path.getsize(args.out))
    with open(meta_file, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    print(f"gen_datasets: wrote {args.out} ({meta['rows']} x {meta['columns']}, "
          f"{meta['bytes'] / 2**20:.1f} MiB) in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
