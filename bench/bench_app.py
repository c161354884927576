#!/usr/bin/env python3
"""Training with the window up against backprop-cli, and the live views' rate.

For each workload, alternates `backprop-cli train --json` and
`BACKPROP_TRACE=1 backprop --train --quit-after-training` (under
xvfb-run, inside a private D-Bus session), once with GTK's Cairo
renderer and once with its GL one, and compares samples per second
(training time only). From the app's trace it also reads the frames drawn
while training (median and worst interval between frames), the live
views' updates (boundary frames the window took) per second of training,
and the share of training time the training thread spent probing for
them (live_seconds ÷ training_seconds).

Workloads: the seed recipe (breast_cancer.csv, defaults), a 200 000-row
numeric file (bench/gen_numeric_csv.py, 32 features), and the 2-D
generated samples (circles, xor, spiral: 500 rows, the default network)
trained for --sample-epochs epochs, from a project saved by backprop-cli
(the app only: the CLI has no views).

    /usr/bin/python3 bench/bench_app.py [--runs 3] [--build _build]

Writes bench/results/app.md.
"""
import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def big_csv(path):
    """200 000 rows × 32 features, binary, through the benchmarks' generator."""
    subprocess.run([sys.executable, os.path.join(HERE, "gen_numeric_csv.py"), path,
                    "--rows", "200000", "--features", "32", "--seed", "0"], check=True,
                   stdout=subprocess.DEVNULL)
    return path


def sample_project(build, kind, epochs, path):
    """A project on a generated 2-D sample (500 rows, noise 0.1) with EPOCHS epochs."""
    subprocess.run([os.path.join(build, "app", "backprop-cli"), "train", "--sample", kind, "--epochs", "1",
                    "--save-project", path, "--quiet"], check=True)
    with open(path) as f:
        project = json.load(f)
    found = []

    def set_epochs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "epochs" and isinstance(value, int):
                    node[key] = epochs
                    found.append(key)
                else:
                    set_epochs(value)
        elif isinstance(node, list):
            for value in node:
                set_epochs(value)

    set_epochs(project)
    if not found:
        raise RuntimeError("no epochs in the project " + path)
    with open(path, "w") as f:
        json.dump(project, f, indent=2)
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


def run_app(build, path, renderer):
    env = dict(os.environ, BACKPROP_TRACE="1", GSK_RENDERER=renderer,
               GSETTINGS_SCHEMA_DIR=os.path.join(build, "resources"),
               GSETTINGS_BACKEND="memory")
    cmd = ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x720x24",
           os.path.join(build, "app", "backprop"), "--train", "--quit-after-training", path]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900).stdout
    return last_json(out, '"final"')


def num(value):
    return float("nan") if value is None else float(value)


def fmt_ms(value, digits=1):
    return "–" if math.isnan(value) else f"{value:.{digits}f} ms"


def med(values):
    """Median of the runs that measured something (a run shorter than a frame has no interval)."""
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else float("nan")


def top(values):
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else float("nan")


def load_note():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", default=os.path.join(ROOT, "_build"))
    parser.add_argument("--sample-epochs", type=int, default=2000)
    parser.add_argument("--only", help="comma-separated workload keys: seed,big,circles,xor,spiral")
    args = parser.parse_args()

    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    workloads = [
        ("seed", "seed recipe, breast_cancer.csv (455 training rows)",
         os.path.join(ROOT, "resources", "samples", "breast_cancer.csv"), True),
        ("big", "200 000 × 32 (160 000 training rows)", None, True),
    ]
    for kind in ("circles", "xor", "spiral"):
        workloads.append((kind, f"{kind} sample (400 training rows), {args.sample_epochs} epochs", None, False))
    if args.only:
        keep = set(args.only.split(","))
        workloads = [w for w in workloads if w[0] in keep]

    rows = []
    loads = []
    for key, name, path, with_cli in workloads:
        if key == "big":
            path = big_csv(os.path.join(data, "app_200k_32.csv"))
        elif path is None:
            path = sample_project(args.build, key, args.sample_epochs, os.path.join(data, f"app_{key}.backprop"))
        for renderer in ("cairo", "gl"):
            r = {k: [] for k in ("cli", "app", "frames", "median", "worst", "first", "rate", "share", "boundary",
                                 "seconds")}
            for i in range(args.runs):
                loads.append(float(load_note()) if load_note() != "?" else float("nan"))
                if with_cli:
                    r["cli"].append(run_cli(args.build, path))
                t = run_app(args.build, path, renderer)
                seconds = num(t.get("training_seconds"))
                live = num(t.get("live_seconds"))
                boundary = t["live_updates"]["boundary"]
                r["app"].append(num(t["samples_per_second"]))
                r["frames"].append(t["frames"])
                r["median"].append(num(t["median_frame_ms"]))
                r["worst"].append(num(t["worst_frame_ms"]))
                r["first"].append(num(t["first_frame_ms"]))
                r["boundary"].append(boundary)
                r["seconds"].append(seconds)
                r["rate"].append(boundary / seconds if seconds > 0 else float("nan"))
                r["share"].append(live / seconds if seconds > 0 else float("nan"))
                cli = f"cli {r['cli'][-1]:.0f}/s, " if with_cli else ""
                print(f"{key} {renderer} run {i + 1}: {cli}app {r['app'][-1]:.0f}/s, {t['frames']} frames, "
                      f"median {t['median_frame_ms']} ms, worst {t['worst_frame_ms']} ms, "
                      f"{boundary} boundary updates in {seconds:.2f} s training "
                      f"({r['rate'][-1]:.1f}/s), probing {100 * r['share'][-1]:.1f} %", file=sys.stderr)
            rows.append((name, renderer, r))

    machine = f"{platform.machine()}, {os.cpu_count()} CPUs"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    machine = line.split(":", 1)[1].strip() + f", {os.cpu_count()} vCPUs"
                    break
    except OSError:
        pass
    lines = ["# The app against backprop-cli, and the live views", "",
             f"Median of {args.runs} alternating runs: `/usr/bin/python3 bench/bench_app.py --runs {args.runs}` "
             f"on {machine}; 1-minute load average at the runs' starts {min(loads):.1f}–{max(loads):.1f} "
             "(a shared machine: other builds, tests and fuzzers ran meanwhile). "
             "The app trains with the window up under Xvfb (1280×720, no compositor: its frame clock "
             "paces at 60 Hz) with every live view on (decision boundary, network diagram with unit maps, "
             "confusion matrix), defaults of both (Dense 128-64, Adam 1e-3, batch 32, 10 epochs, "
             "one OpenBLAS thread), started with `--train --quit-after-training`. Xvfb has no GPU: "
             "GTK's GL renderer runs there on Mesa's llvmpipe, in software, on the same two cores as "
             "training. Frame intervals are over the frames after the first (the window's first layout). "
             "Boundary updates are the frames the window took for its views, per second of training time; "
             "the probing share is the training thread's time spent making them over its training time.", "",
             "| workload | renderer | backprop-cli samples/s | app samples/s | app ÷ cli | frames | "
             "median frame interval | worst frame (median of runs / worst of all) | boundary updates/s | "
             "probing ÷ training time |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, renderer, r in rows:
        cli = statistics.median(r["cli"]) if r["cli"] else float("nan")
        app = statistics.median(r["app"])
        ratio = "–" if math.isnan(cli) else f"{app / cli:.0%}"
        cli_text = "–" if math.isnan(cli) else f"{cli:,.0f}"
        lines.append(f"| {name} | {renderer} | {cli_text} | {app:,.0f} | {ratio} | {statistics.median(r['frames']):.0f} | "
                     f"{fmt_ms(med(r['median']))} | {fmt_ms(med(r['worst']))} / {fmt_ms(top(r['worst']))} | "
                     f"{med(r['rate']):.1f} | {100 * med(r['share']):.1f} % |")
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "app.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
