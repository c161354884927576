#!/usr/bin/python3
"""CSV-load benchmark: `backprop-cli inspect FILE --json` against pandas/numpy.

Loads two files in bench/data/: the generated 200 000 x 33 numeric CSV
(gen_numeric_csv.py) and Fashion-MNIST's 60 000 x 785 training set
(gen_datasets.py, from Debian's dataset-fashion-mnist).  For each file it
runs every method once per round, rotating the order each round so that
machine drift and cache effects hit all methods alike, and reports medians.
Every measurement is a fresh child process; peak RSS is that child's
ru_maxrss from os.wait4.

Usage: /usr/bin/python3 bench/bench_csv.py [--cli PATH] [--runs 5]
       [--datasets numeric,fashion] [--quick]
       [--out bench/results/csv-load.md] [--skip-engine]
"""

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys

from machine import BenchError, cpu_model, mem_total, spawn

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)

# Child programs.  Each prints one JSON line; "seconds" covers only the
# work itself, not interpreter start-up or imports.
PANDAS_READ = """
import json, sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "rows": df.shape[0], "columns": df.shape[1]}))
"""

PANDAS_READ_DESCRIBE = """
import json, sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
stats = df.describe()
t1 = time.perf_counter()
assert stats.shape[1] == df.shape[1]
print(json.dumps({"seconds": t1 - t0, "rows": df.shape[0], "columns": df.shape[1]}))
"""

NUMPY_LOADTXT = """
import json, sys, time
import numpy as np
t0 = time.perf_counter()
a = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "rows": a.shape[0], "columns": a.shape[1]}))
"""

BASELINE_PANDAS = """
import json, platform
import numpy, pandas
print(json.dumps({"seconds": None, "pandas": pandas.__version__,
                  "numpy": numpy.__version__, "python": platform.python_version()}))
"""

BASELINE_NUMPY = """
import json
import numpy
print(json.dumps({"seconds": None}))
"""




class Method:
    """One benchmarked command; `python` is set for Python child programs."""

    def __init__(self, label, argv, python=False, checks_shape=True):
        self.label = label
        self.argv = argv
        self.python = python
        self.checks_shape = checks_shape
        self.wall = []       # process wall time, parent-measured
        self.inner = []      # child-reported work time (Python methods)
        self.rss_kib = []
        self.last_output = None


def run_child(argv, timeout):
    """Run argv; return (wall seconds, peak RSS KiB, stdout, stderr)."""
    wall, usage, out, stderr = spawn(argv, timeout)
    return wall, usage.ru_maxrss, out, stderr   # ru_maxrss is in KiB on Linux


def parse_json(text, what):
    try:
        return json.loads(text)
    except ValueError as e:
        head = text.strip()[:300]
        raise BenchError(f"{what} did not print valid JSON ({e}); "
                         f"output starts with: {head!r}") from None


def check_shape(method, result, rows, columns):
    got_rows = result.get("rows")
    cols = result.get("columns")
    got_cols = len(cols) if isinstance(cols, list) else cols
    if got_rows != rows or got_cols != columns:
        raise BenchError(f"{method.label} reported {got_rows} rows x "
                         f"{got_cols} columns, expected {rows} x {columns}")


def measure(method, timeout, rows, columns, record):
    wall, rss, out, _ = run_child(method.argv, timeout)
    lines = out.strip().splitlines()
    if method.python:
        result = parse_json(lines[-1] if lines else "", method.label)
    else:
        result = parse_json(out, method.label)
    if not isinstance(result, dict):
        raise BenchError(f"{method.label} printed JSON that is not an object")
    if method.checks_shape:
        check_shape(method, result, rows, columns)
    method.last_output = result
    if record:
        method.wall.append(wall)
        method.rss_kib.append(rss)
        if method.python and result.get("seconds") is not None:
            method.inner.append(result["seconds"])


def generate(args, dataset, csv_path):
    """Create the CSV in a child so numpy and sklearn never load in here.

    A child's ru_maxrss starts at the forking parent's peak RSS (Linux
    carries the pre-exec high-water mark over exec), so this process has to
    stay far smaller than anything it measures.
    """
    if dataset == "fashion":
        cmd = [args.python, os.path.join(BENCH_DIR, "gen_datasets.py"),
               "fashion", csv_path]
    else:
        cmd = [args.python, os.path.join(BENCH_DIR, "gen_numeric_csv.py"),
               csv_path, "--rows", str(args.rows), "--features",
               str(args.features), "--seed", str(args.seed)]
    if subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode != 0:
        raise BenchError(f"generating {csv_path} failed")
    with open(csv_path + ".meta.json", encoding="utf-8") as f:
        return json.load(f)


def git_revision():
    try:
        rev = subprocess.run(["git", "-C", REPO_ROOT, "describe", "--always",
                              "--dirty"], capture_output=True, text=True,
                             check=True).stdout.strip()
        return rev or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "no commit"


def nproc():
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(len(os.sched_getaffinity(0)))


def med(values):
    return statistics.median(values) if values else None


def fmt_s(value):
    return "–" if value is None else f"{value:.3f}"


def fmt_range(values):
    if not values:
        return "–"
    return f"{min(values):.3f}–{max(values):.3f}"


def fmt_mib(kib):
    return "–" if kib is None else f"{kib / 1024:.1f}"


def at_floor(kib, floor_kib):
    return kib <= floor_kib * 1.1


def fmt_peak(kib, floor_kib):
    if kib is None:
        return "–"
    # At the floor the reading is the parent's peak, an upper bound only.
    return ("≤ " if at_floor(kib, floor_kib) else "") + fmt_mib(kib)


def fmt_ratio(value, reference):
    if value is None or not reference:
        return "–"
    return f"{value / reference:.2f}×"


def display_path(path):
    rel = os.path.relpath(path, REPO_ROOT)
    return path if rel.startswith("..") else rel


def render_header(args, versions, started):
    out = []
    out.append("# CSV load benchmark")
    out.append("")
    out.append(f"- Date: {started.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    out.append(f"- Machine: {cpu_model()}, nproc {nproc()}, "
               f"{mem_total()} RAM, Linux {platform.release()}")
    out.append(f"- Python {versions.get('python', '?')}, "
               f"pandas {versions.get('pandas', '?')}, "
               f"numpy {versions.get('numpy', '?')} ({args.python})")
    if not args.skip_engine:
        out.append(f"- Engine: `{display_path(args.cli)} inspect FILE "
                   f"--json`, source {git_revision()}")
    else:
        out.append("- Engine: not run (--skip-engine)")
    out.append(f"- Runs: median of {args.runs} rounds after {args.warmup} "
               f"warm-up round(s) per file; order rotated each round; file in "
               f"page cache")
    out.append("")
    return out


def describe_data(meta, csv_path):
    if meta.get("name") == "fashion":
        return (f"Fashion-MNIST's training set: {meta['rows']} rows × "
                f"{meta['columns']} columns ({meta['features']} integer "
                f"pixels 0–255 + `label` 0–9), {meta['bytes'] / 2**20:.1f} MiB, "
                f"from Debian's dataset-fashion-mnist (`{display_path(csv_path)}`)")
    return (f"{meta['rows']} rows × {meta['columns']} columns "
            f"({meta['features']} float + 0/1 `target`), "
            f"{meta['bytes'] / 2**20:.1f} MiB, floats as "
            f"`{meta['float_format']}`, {meta.get('generator', '?')}, "
            f"seed {meta['seed']} (`{display_path(csv_path)}`)")


def render(args, meta, csv_path, engine, others, baselines, floor_kib,
           verdicts):
    engine_time = med(engine.wall) if engine else None
    engine_rss = med(engine.rss_kib) if engine else None
    out = []
    out.append(f"## {meta['rows']} × {meta['columns']}: "
               f"`{os.path.basename(csv_path)}`")
    out.append("")
    out.append(f"- Data: {describe_data(meta, csv_path)}")
    out.append(f"- RSS floor: {fmt_mib(floor_kib)} MiB (this script's own "
               f"peak; a child's ru_maxrss never reads below it)")
    out.append("")
    out.append("| Method | Load time (s), median | range | Process wall (s) "
               "| Peak RSS (MiB) | RSS over import baseline (MiB) "
               "| Time ÷ engine | RSS ÷ engine |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    if engine:
        out.append(f"| {engine.label} | {fmt_s(engine_time)} "
                   f"| {fmt_range(engine.wall)} | {fmt_s(engine_time)} "
                   f"| {fmt_peak(engine_rss, floor_kib)} | – | 1.00× "
                   f"| 1.00× |")
    for m, base in others:
        t = med(m.inner)
        rss = med(m.rss_kib)
        base_rss = med(base.rss_kib)
        over = None if rss is None or base_rss is None else rss - base_rss
        out.append(f"| {m.label} | {fmt_s(t)} | {fmt_range(m.inner)} "
                   f"| {fmt_s(med(m.wall))} | {fmt_peak(rss, floor_kib)} "
                   f"| {fmt_mib(over)} | {fmt_ratio(t, engine_time)} "
                   f"| {fmt_ratio(rss, engine_rss)} |")
        if engine and m.label == "pandas.read_csv" and t is not None:
            ok = engine_time < t
            verdicts.append(
                f"| `{os.path.basename(csv_path)}` | {fmt_s(engine_time)} s "
                f"(whole process) | {fmt_s(t)} s (the call alone; "
                f"{fmt_s(med(m.wall))} s whole process) "
                f"| {t / engine_time:.2f}× | {'met' if ok else '**missed**'} |")
    for b in baselines:
        out.append(f"| {b.label} | – | – | {fmt_s(med(b.wall))} "
                   f"| {fmt_peak(med(b.rss_kib), floor_kib)} | – | – | – |")
    out.append("")
    return out


FOOTER = ("Load time: for the engine, the whole `inspect` process "
          "(start-up, parse, type inference, stats, JSON output); for "
          "Python, only the timed call inside an already started "
          "interpreter with its modules imported. Process wall is the "
          "whole child process in both cases. A ratio above 1 means the "
          "engine is faster or smaller.")


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Time loading a numeric CSV: backprop-cli vs pandas/numpy.")
    p.add_argument("--cli", default=os.path.join(REPO_ROOT, "_build", "app",
                                                 "backprop-cli"),
                   help="backprop-cli binary (default: _build/app/backprop-cli "
                        "in the repository)")
    p.add_argument("--runs", type=int, default=5,
                   help="measured rounds (default 5)")
    p.add_argument("--warmup", type=int, default=1,
                   help="unmeasured rounds first (default 1)")
    p.add_argument("--out", default=os.path.join(BENCH_DIR, "results",
                                                 "csv-load.md"),
                   help="markdown report (default bench/results/csv-load.md)")
    p.add_argument("--python", default="/usr/bin/python3",
                   help="interpreter with pandas and numpy for the children")
    p.add_argument("--data-dir", default=os.path.join(BENCH_DIR, "data"))
    p.add_argument("--datasets", default="numeric,fashion",
                   help="files to load, comma-separated: numeric (the "
                        "generated 200 000 x 33 file, see --rows) and fashion "
                        "(Fashion-MNIST's 60 000 x 785, from "
                        "dataset-fashion-mnist); default both")
    p.add_argument("--quick", action="store_true",
                   help="2 rounds, no warm-up, the numeric file only")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--features", type=int, default=32)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--timeout", type=float, default=600,
                   help="seconds before a single run is killed (default 600)")
    p.add_argument("--skip-engine", action="store_true",
                   help="run only the Python methods (for testing this script)")
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.warmup, args.datasets = 2, 0, "numeric"
    args.dataset_list = [d for d in args.datasets.split(",") if d]
    if not args.dataset_list or not set(args.dataset_list) <= {"numeric", "fashion"}:
        p.error("--datasets takes numeric and/or fashion")
    if args.runs < 1 or args.warmup < 0:
        p.error("--runs must be at least 1 and --warmup at least 0")
    args.cli = os.path.abspath(args.cli)
    if not args.skip_engine and not os.access(args.cli, os.X_OK):
        p.error(f"{args.cli} is not an executable; build it first or pass "
                f"--cli (or --skip-engine)")

    started = datetime.datetime.now().astimezone()
    files = []
    for dataset in args.dataset_list:
        if dataset == "fashion":
            path = os.path.join(args.data_dir, "fashion_mnist_train.csv")
        else:
            path = os.path.join(
                args.data_dir,
                f"numeric_{args.rows}x{args.features + 1}_seed{args.seed}.csv")
        files.append((path, generate(args, dataset, path)))

    sections = []
    verdicts = []
    versions = {}
    for csv_path, meta in files:
        rows, columns = meta["rows"], meta["columns"]
        print(f"== {display_path(csv_path)}: {rows} x {columns}",
              file=sys.stderr)
        py = [args.python, "-I", "-c"]
        engine = None if args.skip_engine else Method(
            "backprop-cli inspect --json",
            [args.cli, "inspect", csv_path, "--json"])
        read = Method("pandas.read_csv",
                      py + [PANDAS_READ, csv_path], python=True)
        describe = Method("pandas.read_csv + describe()",
                          py + [PANDAS_READ_DESCRIBE, csv_path], python=True)
        loadtxt = Method("numpy.loadtxt",
                         py + [NUMPY_LOADTXT, csv_path], python=True)
        base_pd = Method("baseline: python + import pandas",
                         py + [BASELINE_PANDAS], python=True, checks_shape=False)
        base_np = Method("baseline: python + import numpy",
                         py + [BASELINE_NUMPY], python=True, checks_shape=False)

        methods = ([engine] if engine else []) + [read, describe, loadtxt,
                                                  base_pd, base_np]
        total = args.warmup + args.runs
        for rnd in range(total):
            record = rnd >= args.warmup
            shift = rnd % len(methods)
            order = methods[shift:] + methods[:shift]
            tag = (f"run {rnd - args.warmup + 1}/{args.runs}" if record
                   else f"warm-up {rnd + 1}/{args.warmup}")
            for m in order:
                measure(m, args.timeout, rows, columns, record)
                shown = m.inner[-1] if (record and m.inner) else None
                detail = f" load {shown:.3f} s" if shown is not None else ""
                wall = f" wall {m.wall[-1]:.3f} s" if record else ""
                print(f"{tag}: {m.label}:{detail}{wall}", file=sys.stderr)

        floor_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for m in methods:
            if m.rss_kib and at_floor(med(m.rss_kib), floor_kib):
                print(f"warning: {m.label} peak RSS is at the inherited floor of "
                      f"{fmt_mib(floor_kib)} MiB; its real peak may be lower",
                      file=sys.stderr)
        versions = base_pd.last_output or versions
        sections += render(args, meta, csv_path, engine,
                           [(read, base_pd), (describe, base_pd),
                            (loadtxt, base_np)],
                           [base_pd, base_np], floor_kib, verdicts)

    out = render_header(args, versions, started)
    if verdicts:
        out += ["## Target: load faster than pandas.read_csv", "",
                "| File | Engine | pandas.read_csv | pandas ÷ engine | Verdict |",
                "|---|---:|---:|---:|---|"] + verdicts + [""]
    out += sections
    out += [FOOTER, ""]
    report = "\n".join(out)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    print(report)
    print(f"(written to {args.out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"bench_csv: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
