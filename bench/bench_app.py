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
import math

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


def run_app(build, csv, renderer):
    env = dict(os.environ, BACKPROP_TRACE="1", GSK_RENDERER=renderer,
               GSETTINGS_SCHEMA_DIR=os.path.join(build, "resources"),
               GSETTINGS_BACKEND="memory")
    cmd = ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x720x24",
           os.path.join(build, "app", "backprop"), "--train", "--quit-after-training", csv]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600).stdout
    return last_json(out, '"frames"')


def fmt(value, digits=1):
    return "–" if math.isnan(value) else f"{value:.{digits}f} ms"


def med(values):
    """Median of the runs that measured something (a run shorter than a frame has no interval)."""
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else float("nan")


def top(values):
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else float("nan")


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
        for renderer in ("cairo", "gl"):
            cli, app, frames, median, worst, first = [], [], [], [], [], []
            for i in range(args.runs):
                cli.append(run_cli(args.build, csv))
                t = run_app(args.build, csv, renderer)
                app.append(t["samples_per_second"])
                frames.append(t["frames"])
                median.append(t["median_frame_ms"] if t["median_frame_ms"] is not None else float("nan"))
                worst.append(t["worst_frame_ms"] if t["worst_frame_ms"] is not None else float("nan"))
                first.append(t["first_frame_ms"] if t["first_frame_ms"] is not None else float("nan"))
                print(f"{name} {renderer} run {i + 1}: cli {cli[-1]:.0f}/s, app {app[-1]:.0f}/s, "
                      f"{t['frames']} frames, first {t['first_frame_ms']} ms, median {t['median_frame_ms']} ms, "
                      f"worst {t['worst_frame_ms']} ms", file=sys.stderr)
            rows.append((name, renderer, statistics.median(cli), statistics.median(app),
                         statistics.median(frames), med(first), med(median), med(worst), top(worst)))

    lines = ["# The app against backprop-cli, same run", "",
             f"Median of {args.runs} alternating runs: `/usr/bin/python3 bench/bench_app.py`. "
             "The app trains with the window up under Xvfb (1280×720, no compositor: its frame clock "
             "paces at 60 Hz), defaults of both (Dense 128-64, Adam 1e-3, batch 32, 10 epochs, "
             "one OpenBLAS thread), started with `--train --quit-after-training`. Xvfb has no GPU: "
             "GTK's GL renderer runs there on Mesa's llvmpipe, in software, on the same two cores as "
             "training; the Cairo renderer (`GSK_RENDERER=cairo`) is the fairer stand-in for a machine "
             "with a GPU. The first frame interval holds the window's first layout and is shown apart; "
             "median and worst are over the frames after it.", "",
             "| workload | renderer | backprop-cli samples/s | app samples/s | app ÷ cli | frames while training | "
             "first frame | median frame interval | worst frame (median of runs / worst of all) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, renderer, cli, app, frames, first, median, worst_med, worst_all in rows:
        lines.append(f"| {name} | {renderer} | {cli:,.0f} | {app:,.0f} | {app / cli:.0%} | {frames:.0f} | "
                     f"{fmt(first, 0)} | {fmt(median)} | {fmt(worst_med)} / {fmt(worst_all)} |")
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "app.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
