#!/usr/bin/python3
"""Do epochs get slower the longer a run lasts?  First against last epochs
of long `backprop-cli train` runs.

Two workloads, both the CLI's defaults (Dense 128-64 ReLU, Adam 1e-3,
batch 32) at one thread unless --threads says otherwise:

  circles   --sample circles:2000 --epochs 300 (a 2-D sample, 50 batches
            an epoch, 15 000 steps in all)
  numeric   bench/data/numeric_200000x6_seed42.csv, 200 000 rows × 5
            inputs (gen_numeric_csv.py), --epochs 20 (100 000 steps)

Long runs used to slow down as Adam's moments of dead ReLU units decayed
into denormal floats (engine/bp-fpu.h): 4× on circles, 2-4× on numeric.

For every run the script reports two times per epoch, each as the median
over the first window (epochs 2 to 1 + W, skipping the first, which warms
caches) and over the last W epochs:

  wall  the `seconds` the CLI prints for each epoch;
  CPU   the CPU time the process's threads got during those epochs, noted
        inside the CLI whenever it flushes an epoch's line (epoch_clock.c,
        an LD_PRELOAD shim built here with cc).

On a shared machine the wall times include the time the CLI waited for a
core; CPU time does not, so at one thread its last ÷ first ratio is the
one to trust there.  (At two threads CPU time also counts OpenBLAS's
threads spinning while they wait for work.)  The report also gives the
share of the run's wall time the CLI had its cores ("on core": 1.0 on an
idle machine).  Both ratios should be near 1.0; before the fix they grew
with the run's length.

Usage: /usr/bin/python3 bench/bench_epochs.py [--runs 3] [--threads 1]
       [--workloads circles,numeric] [--quick] [--out bench/results/epochs.md]
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

from machine import BenchError, cpu_model, mem_total, spawn

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)


class Workload:
    def __init__(self, key, title, argv, epochs, window):
        self.key, self.title, self.argv = key, title, argv
        self.epochs, self.window = epochs, window
        self.runs = []


def build_shim(args):
    """Compile epoch_clock.c (an LD_PRELOAD shim) into a temporary directory."""
    out = os.path.join(args.tmp, "epoch_clock.so")
    cmd = [args.cc, "-O2", "-shared", "-fPIC", os.path.join(BENCH_DIR, "epoch_clock.c"),
           "-o", out, "-ldl"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise BenchError(f"building epoch_clock.c failed:\n{res.stderr[-2000:]}")
    return out


def run_once(args, wl, threads):
    argv = [args.cli, "train"] + wl.argv + [
        "--epochs", str(wl.epochs), "--threads", str(threads), "--json", "--seed", "0"]
    clock_log = os.path.join(args.tmp, "clock.log")
    env = {k: v for k, v in os.environ.items()
           if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "LD_PRELOAD")}
    env["LD_PRELOAD"] = args.shim
    env["EPOCH_CLOCK_LOG"] = clock_log
    wall, _, out, _ = spawn(argv, args.timeout, env)
    epochs = [json.loads(line) for line in out.splitlines() if line.startswith('{"epoch"')]
    with open(clock_log, encoding="ascii") as f:
        marks = [tuple(int(v) * 1e-9 for v in line.split()) for line in f if line.strip()]
    if len(epochs) != wl.epochs or len(marks) != wl.epochs:
        raise BenchError(f"{wl.key}: expected {wl.epochs} epochs, got {len(epochs)} lines "
                         f"and {len(marks)} clock marks")
    w = wl.window
    first = range(1, 1 + w)                     # epochs 2 … 1 + w
    last = range(wl.epochs - w, wl.epochs)      # the last w epochs
    seconds = [e["seconds"] for e in epochs]
    # Each epoch's CPU time: between its line and the one before.
    cpu = [marks[i][0] - marks[i - 1][0] if i else None for i in range(len(marks))]
    span_cpu = marks[-1][0] - marks[0][0]
    span_wall = marks[-1][1] - marks[0][1]
    return {
        "threads": threads,
        "wall_first": statistics.median(seconds[i] for i in first),
        "wall_last": statistics.median(seconds[i] for i in last),
        "cpu_first": statistics.median(cpu[i] for i in first),
        "cpu_last": statistics.median(cpu[i] for i in last),
        "wall": wall,
        "on_core": span_cpu / span_wall / threads if span_wall > 0 else float("nan"),
        "final_loss": epochs[-1]["loss"],
        "epoch_seconds": seconds,
        "epoch_cpu": cpu,
    }


def fmt_ms(s):
    return f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s"


def fmt_ratio(values):
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.2f}"
    return f"{med:.2f} ({min(values):.2f}–{max(values):.2f})"


def render(args, workloads, started, finished):
    out = ["# Epoch time over a long run: first against last epochs", ""]
    out.append(f"- Date: {started.strftime('%Y-%m-%d %H:%M:%S %Z')} "
               f"(took {(finished - started).total_seconds() / 60:.1f} min)")
    out.append(f"- Machine: {cpu_model()}, nproc {os.cpu_count()}, {mem_total()} RAM, "
               f"Linux {platform.release()}")
    try:
        rev = subprocess.run(["git", "-C", REPO_ROOT, "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = "?"
    out.append(f"- Backprop: `{os.path.relpath(args.cli, REPO_ROOT)} train … --json "
               f"--threads T --seed 0`, source {rev}, with `bench/epoch_clock.c` "
               "preloaded")
    out.append(f"- Runs: {args.runs} per workload and thread count, alternating"
               + (" — **quick mode**, not for numbers" if args.quick else ""))
    out.append("- *first*: median over epochs 2 … 1 + W; *last*: median over the last W "
               "epochs; *CPU*: the process's CPU time per epoch (read inside it), which "
               "leaves out time spent waiting for a core; *on core*: CPU time ÷ (wall "
               "time × threads) over the epochs (1.0 when nothing else runs)")
    out.append("")
    out.append("| workload | threads | W | wall first | wall last | wall last ÷ first "
               "| CPU first | CPU last | CPU last ÷ first | on core | final loss |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for wl in workloads:
        for threads in args.thread_list:
            runs = [r for r in wl.runs if r["threads"] == threads]
            if not runs:
                continue
            med = lambda key: statistics.median(r[key] for r in runs)
            losses = sorted({repr(r["final_loss"]) for r in runs})
            out.append(
                f"| {wl.title} | {threads} | {wl.window} | {fmt_ms(med('wall_first'))} "
                f"| {fmt_ms(med('wall_last'))} "
                f"| {fmt_ratio([r['wall_last'] / r['wall_first'] for r in runs])} "
                f"| {fmt_ms(med('cpu_first'))} | {fmt_ms(med('cpu_last'))} "
                f"| {fmt_ratio([r['cpu_last'] / r['cpu_first'] for r in runs])} "
                f"| {fmt_ratio([r['on_core'] for r in runs])} "
                f"| {' / '.join(losses)} |")
    out.append("")
    out.append("Ratios are the median over runs, with the range in brackets. The final "
               "loss is the same in every run of a workload (seeded runs are "
               "bit-identical); more than one value would be a bug.")
    out.append("")
    return "\n".join(out)


def main(argv=None):
    p = argparse.ArgumentParser(description="First against last epoch times of long runs.")
    p.add_argument("--cli", default=os.path.join(REPO_ROOT, "_build", "app", "backprop-cli"))
    p.add_argument("--python", default="/usr/bin/python3")
    p.add_argument("--cc", default="cc", help="C compiler for epoch_clock.c")
    p.add_argument("--timeout", type=float, default=900.0,
                   help="seconds before a single run is killed (default 900)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--threads", default="1")
    p.add_argument("--workloads", default="circles,numeric")
    p.add_argument("--quick", action="store_true",
                   help="1 run, 60 circles epochs and 4 numeric epochs: checks the script")
    p.add_argument("--data-dir", default=os.path.join(BENCH_DIR, "data"))
    p.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "epochs.md"))
    args = p.parse_args(argv)
    args.cli = os.path.abspath(args.cli)
    if not os.access(args.cli, os.X_OK):
        p.error(f"{args.cli} is not an executable; build it first (ninja -C _build)")
    try:
        args.thread_list = sorted({int(t) for t in args.threads.split(",")})
    except ValueError:
        p.error("--threads takes numbers like 1,2")
    if args.quick:
        args.runs = 1
    if args.runs < 1 or not args.thread_list or min(args.thread_list) < 1:
        p.error("--runs and --threads take numbers of 1 or more")
    keys = args.workloads.split(",")
    if not set(keys) <= {"circles", "numeric"}:
        p.error("--workloads takes circles and/or numeric")
    log = lambda msg: print(msg, file=sys.stderr, flush=True)

    started = datetime.datetime.now().astimezone()
    tmp = tempfile.TemporaryDirectory(prefix="bench_epochs_")
    args.tmp = tmp.name
    args.shim = build_shim(args)
    workloads = []
    if "circles" in keys:
        epochs = 60 if args.quick else 300
        workloads.append(Workload("circles", f"circles:2000, {epochs} epochs",
                                  ["--sample", "circles:2000"], epochs, 9))
    if "numeric" in keys:
        os.makedirs(args.data_dir, exist_ok=True)
        path = os.path.join(args.data_dir, "numeric_200000x6_seed42.csv")
        cmd = [args.python, os.path.join(BENCH_DIR, "gen_numeric_csv.py"), path,
               "--rows", "200000", "--features", "5", "--seed", "42", "--backend", "numpy"]
        if subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode != 0:
            raise BenchError(f"generating {path} failed")
        epochs = 4 if args.quick else 20
        workloads.append(Workload("numeric", f"200 000 × 5 file, {epochs} epochs",
                                  [path], epochs, 1 if args.quick else 3))
    for r in range(args.runs):
        for threads in args.thread_list:
            for wl in workloads if r % 2 == 0 else reversed(workloads):
                log(f"bench_epochs: run {r + 1}/{args.runs}, {wl.key}, {threads} thread(s)")
                res = run_once(args, wl, threads)
                wl.runs.append(res)
                log(f"  wall {fmt_ms(res['wall_first'])} → {fmt_ms(res['wall_last'])}, "
                    f"CPU {fmt_ms(res['cpu_first'])} → {fmt_ms(res['cpu_last'])}, "
                    f"on core {res['on_core']:.2f}")
    finished = datetime.datetime.now().astimezone()
    report = render(args, workloads, started, finished)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    print(report)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"bench_epochs: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
