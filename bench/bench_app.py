#!/usr/bin/env python3
"""Training with the window up against backprop-cli, on the same run.

For each workload, alternates `backprop-cli train --json` and
`BACKPROP_TRACE=1 backprop --train --quit-after-training` (under
xvfb-run, inside a private D-Bus session) and compares samples per second
(training time only) and the app's frame statistics while training:
frames drawn, median and worst interval between frames.

    /usr/bin/python3 bench/bench_app.py [--runs 5] [--build _build]

Writes bench/results/app.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def big_csv(path):
    """200 000 rows × 32 features, binary (the benchmark's workload 4 shape)."""
    if os.path.exists(path):
        return path
    from sklearn.datasets import make_classification
    import numpy as np
    X, y = make_classification(n_samples=200000, n_features=32, n_informative=16, random_state=0)
    header = ",".join([f"x{i}" for i in range(32)] + ["label"])
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", fmt="%.6g", header=header, comments="")
    return path


def last_json(text, key):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and key in line:
            return json.loads(line)
    raise RuntimeError("no %s line in output:\n%s" % (key, text[-2000:]))


def run_cli(build, csv):
    out = subprocess.run([os.path.join(build, "app", "backprop-cli"), "train", csv, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return last_json(out, '"final"')["samples_per_second"]


def run_app(build, csv):
    env = dict(os.environ, BACKPROP_TRACE="1",
               GSETTINGS_SCHEMA_DIR=os.path.join(build, "resources"),
               GSETTINGS_BACKEND="memory")
    cmd = ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x720x24",
           os.path.join(build, "app", "backprop"), "--train", "--quit-after-training", csv]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600).stdout
    return last_json(out, '"frames"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", default=os.path.join(ROOT, "_build"))
    args = parser.parse_args()

    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    workloads = [
        ("seed recipe, breast_cancer.csv (455 training rows)", os.path.join(ROOT, "resources", "samples", "breast_cancer.csv")),
        ("200 000 × 32 (160 000 training rows)", big_csv(os.path.join(data, "app_200k.csv"))),
    ]
    rows = []
    for name, csv in workloads:
        cli, app, frames, median, worst = [], [], [], [], []
        for i in range(args.runs):
            cli.append(run_cli(args.build, csv))
            t = run_app(args.build, csv)
            app.append(t["samples_per_second"])
            frames.append(t["frames"])
            median.append(t["median_frame_ms"])
            worst.append(t["worst_frame_ms"])
            print(f"{name} run {i + 1}: cli {cli[-1]:.0f}/s, app {app[-1]:.0f}/s, "
                  f"{t['frames']} frames, median {t['median_frame_ms']} ms, worst {t['worst_frame_ms']} ms",
                  file=sys.stderr)
        rows.append((name, statistics.median(cli), statistics.median(app),
                     statistics.median(frames), statistics.median(median), max(worst), statistics.median(worst)))

    lines = ["# The app against backprop-cli, same run", "",
             f"Median of {args.runs} alternating runs: `/usr/bin/python3 bench/bench_app.py`. "
             "The app trains with the window up under Xvfb (1280×720, no compositor: its frame clock "
             "paces at about 60 Hz), defaults of both (Dense 128-64, Adam 1e-3, batch 32, 10 epochs, "
             "one OpenBLAS thread).", "",
             "| workload | backprop-cli samples/s | app samples/s | app ÷ cli | frames while training | "
             "median frame interval | worst frame (median of runs / worst of all) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, cli, app, frames, median, worst_all, worst_med in rows:
        lines.append(f"| {name} | {cli:,.0f} | {app:,.0f} | {app / cli:.0%} | {frames:.0f} | "
                     f"{median:.1f} ms | {worst_med:.1f} / {worst_all:.1f} ms |")
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "app.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
