#!/usr/bin/python3
"""Training benchmark: `backprop-cli train` against PyTorch eager,
scikit-learn's MLPClassifier and FANN 2.2, same recipe (as far as each
peer allows).

Four workloads, each an MLP trained with Adam on standardized features,
Keras validation split, Glorot-uniform weights:

  1  resources/samples/breast_cancer.csv, 30-128-64-1, batch 32, 10 epochs
  2  digits (sklearn.datasets.load_digits, gen_datasets.py), 64-128-64-10
     softmax, batch 32, 10 epochs
  3  Fashion-MNIST (Debian's dataset-fashion-mnist, gen_datasets.py),
     784-256-128-10 softmax, batch 128, 5 epochs
  4  a generated 200 000 x 32 problem (gen_numeric_csv.py), 32-256-256-1,
     batch 256, 3 epochs

Each configuration (contender x thread count) runs as a fresh child process,
--runs rounds after --warmup unmeasured rounds; within a round Backprop,
PyTorch (bench/train_torch.py), scikit-learn (bench/train_sklearn.py) and
FANN (bench/train_fann.c, single-threaded, so only in the 1-thread group)
take turns and the order flips every round.  Run r uses seed r on every
side, so the accuracy columns are means over seeds.  Only the epochs
are timed (each side reports its own training time; loading is excluded).
Peak RSS is the child's ru_maxrss from os.wait4.

A small C program (gemm_floor.c, built here with cc and OpenBLAS) times
cblas_sgemm at the workloads' shapes: the pure-GEMM time of one epoch, the
floor that every contender's epoch time is given as a multiple of.

This machine is shared and has 2 cores, so before every measured run the
script waits (up to --wait-idle seconds) for the CPUs to be idle, and it
records how much CPU other processes used during each run ("foreign load").

Usage: /usr/bin/python3 bench/bench_train.py [--runs 5] [--quick]
       [--workloads 1,2,3,4] [--threads 1,2] [--no-diagnostics]
       [--no-sklearn] [--no-fann] [--out bench/results/train.md]
"""

import argparse
import datetime
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from machine import BenchError, cpu_model, mem_total, spawn

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
HZ = os.sysconf("SC_CLK_TCK")
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")




# ---------------------------------------------------------------------------
# Machine load

def cpu_busy_seconds():
    """Busy CPU seconds of the whole machine so far, and steal seconds."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice
    busy = sum(fields[i] for i in (0, 1, 2, 5, 6))
    steal = fields[7] if len(fields) > 7 else 0
    return busy / HZ, steal / HZ


def wait_idle(max_wait, threshold=0.15, window=0.5):
    """Wait until other processes use < threshold cores over one window.

    Returns the load (cores) seen in the last window and the seconds waited.
    """
    t0 = time.perf_counter()
    load = 0.0
    while True:
        b0, _ = cpu_busy_seconds()
        time.sleep(window)
        b1, _ = cpu_busy_seconds()
        load = (b1 - b0) / window
        waited = time.perf_counter() - t0
        if load < threshold or waited >= max_wait:
            return load, waited


# ---------------------------------------------------------------------------
# Children

GNU_TIME = "/usr/bin/time"


def run_child(argv, timeout, env=None, gnu_time=False):
    """Run argv; return (wall s, peak RSS KiB, child CPU s, foreign cores, stdout).

    A child's ru_maxrss from os.wait4 never reads below this script's own
    peak RSS (Linux carries the forking process's high-water mark over
    exec).  With gnu_time, the child runs under GNU time, a ~1 MiB process
    that wait4s for it and writes its ru_maxrss (%M), so small peaks read
    true; the wait4 value here is then kept only as a cross-check.
    """
    rss_file = None
    if gnu_time:
        fd, rss_file = tempfile.mkstemp(prefix="bench_train_rss_")
        os.close(fd)
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file, "--"] + list(argv)
    try:
        return _run_child(argv, timeout, env, rss_file)
    finally:
        if rss_file:
            os.unlink(rss_file)


def _run_child(argv, timeout, env, rss_file):
    busy0, _ = cpu_busy_seconds()
    wall, usage, out, _ = spawn(argv, timeout, env)
    busy1, _ = cpu_busy_seconds()
    child_cpu = usage.ru_utime + usage.ru_stime
    foreign = max(0.0, (busy1 - busy0) - child_cpu) / wall if wall > 0 else 0.0
    rss = usage.ru_maxrss   # KiB on Linux
    if rss_file:
        with open(rss_file, encoding="ascii") as f:
            text = f.read().split()
        try:
            rss = int(text[-1])
        except (IndexError, ValueError):
            raise BenchError(f"GNU time wrote no peak RSS for {argv[6:9]}") from None
    return wall, rss, child_cpu, foreign, out


def json_lines(text, what):
    objs = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            raise BenchError(f"{what} printed a line that is not JSON ({e}): "
                             f"{line[:200]!r}") from None
    if not objs or not objs[-1].get("final"):
        raise BenchError(f"{what} printed no final JSON line; output starts "
                         f"with {text[:300]!r}")
    return objs


class Workload:
    def __init__(self, key, title, csv, target, layers, batch, epochs,
                 train_rows, val_rows, inputs, classes=2, fann_lr=0.03):
        self.key = key
        self.title = title
        self.csv = csv
        self.target = target
        self.layers = layers          # hidden widths
        self.batch = batch
        self.epochs = epochs
        self.train_rows = train_rows  # expected
        self.val_rows = val_rows
        self.inputs = inputs
        self.classes = classes
        self.fann_lr = fann_lr
        self.prepared = None          # recipe_data.py's binary, for FANN
        self.configs = []
        self.floors = {}              # threads -> list of gemm_floor results

    @property
    def outputs(self):
        return 1 if self.classes == 2 else self.classes

    @property
    def widths(self):
        return [self.inputs] + self.layers + [self.outputs]

    def flops(self):
        """The issue's floor: 6 x parameters x training rows per epoch."""
        return 6.0 * self.parameters() * self.train_rows

    def parameters(self):
        w = self.widths
        return sum(a * b + b for a, b in zip(w, w[1:]))


class Config:
    """One contender at one thread setting; collects one record per run."""

    def __init__(self, workload, contender, threads, label, env_note,
                 diagnostic=False, extra_env=None, strip_env=False,
                 child_threads=None):
        self.workload = workload
        self.contender = contender      # "backprop", "pytorch", "sklearn", "fann"
        self.threads = threads          # cores it may use: the row's group
        # what the child is told (torch.set_num_threads / --threads)
        self.child_threads = threads if child_threads is None else child_threads
        self.label = label
        self.env_note = env_note
        self.diagnostic = diagnostic
        self.extra_env = extra_env or {}
        self.strip_env = strip_env
        self.runs = []                  # dicts
        self.spent = 0.0                # child wall seconds so far
        self.capped = False
        self.max_runs = None            # a cap on measured runs (FANN, big data)

    def argv(self, args, seed):
        wl = self.workload
        if self.contender == "backprop":
            spec = ",".join(f"{u}:relu" for u in wl.layers)
            return [args.cli, "train", wl.csv, "--json", "--target", wl.target,
                    "--task", "binary" if wl.classes == 2 else "multiclass",
                    "--layers", spec, "--epochs", str(wl.epochs),
                    "--batch-size", str(wl.batch), "--lr", "0.001",
                    "--threads", str(self.child_threads), "--seed", str(seed),
                    "--validation-split", "0.2"]
        if self.contender == "fann":
            return [args.fann_exe, wl.prepared,
                    "--layers", ",".join(str(u) for u in wl.layers),
                    "--epochs", str(wl.epochs), "--lr", str(wl.fann_lr),
                    "--seed", str(seed)]
        script = ("train_sklearn.py" if self.contender == "sklearn"
                  else "train_torch.py")
        return [args.python, "-I", os.path.join(BENCH_DIR, script),
                wl.csv, "--target", wl.target,
                "--layers", ",".join(str(u) for u in wl.layers),
                "--epochs", str(wl.epochs), "--batch-size", str(wl.batch),
                "--lr", "0.001", "--threads", str(self.child_threads),
                "--seed", str(seed), "--validation-split", "0.2"]

    def env(self):
        env = dict(os.environ)
        if self.strip_env:
            for k in THREAD_ENV:
                env.pop(k, None)
        env.update(self.extra_env)
        return env

    def measure(self, args, seed, record):
        wl = self.workload
        pre_load, waited = (wait_idle(args.wait_idle) if record and args.wait_idle > 0
                            else (None, 0.0))
        wall, rss, cpu, foreign, out = run_child(self.argv(args, seed),
                                                 args.timeout, self.env(),
                                                 args.gnu_time)
        self.spent += wall
        objs = json_lines(out, self.label)
        final = objs[-1]
        if self.contender == "backprop":
            epoch_seconds = [o["seconds"] for o in objs[:-1] if "epoch" in o]
            params = final.get("model", {}).get("parameters")
        else:
            epoch_seconds = final["epoch_seconds"]
            params = final.get("parameters")
        if len(epoch_seconds) != wl.epochs or final.get("epochs") != wl.epochs:
            raise BenchError(f"{self.label}: {final.get('epochs')} epochs, "
                             f"expected {wl.epochs}")
        if (final.get("train_rows"), final.get("validation_rows")) != (wl.train_rows, wl.val_rows):
            raise BenchError(f"{self.label}: {final.get('train_rows')} train / "
                             f"{final.get('validation_rows')} validation rows, "
                             f"expected {wl.train_rows} / {wl.val_rows}")
        if params != wl.parameters():
            raise BenchError(f"{self.label}: {params} parameters, expected "
                             f"{wl.parameters()}")
        if final.get("threads") != self.child_threads:
            raise BenchError(f"{self.label}: ran with {final.get('threads')} "
                             f"threads, asked for {self.child_threads}")
        total = sum(epoch_seconds)
        run = {
            "seed": seed,
            "epoch": total / wl.epochs,
            "epochs": epoch_seconds,
            "sps": wl.train_rows * wl.epochs / total if total > 0 else 0.0,
            "val_accuracy": final["val_accuracy"],
            "val_loss": final["val_loss"],
            "loss": final["loss"],
            "rss": rss,
            "wall": wall,
            "cpu": cpu,
            "foreign": foreign,
            "pre_load": pre_load,
            "waited": waited,
            "final": final,
        }
        if record:
            self.runs.append(run)
        return run


# ---------------------------------------------------------------------------
# GEMM floor

def build_gemm_floor(args):
    exe = os.path.join(args.data_dir, "gemm_floor")
    src = os.path.join(BENCH_DIR, "gemm_floor.c")
    try:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "openblas"],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError(f"pkg-config openblas failed ({e}); install "
                         f"libopenblas-dev") from None
    cmd = [args.cc, "-O2", src] + shlex.split(flags) + ["-o", exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"compiling gemm_floor failed: {' '.join(cmd)}\n{r.stderr}")
    return exe, " ".join(["cc", "-O2", os.path.relpath(src, REPO_ROOT)] +
                         shlex.split(flags) + ["-o", os.path.relpath(exe, REPO_ROOT)])


def build_fann(args):
    """Compile train_fann.c against Debian's libfloatfann (libfann-dev)."""
    exe = os.path.join(args.data_dir, "train_fann")
    src = os.path.join(BENCH_DIR, "train_fann.c")
    cmd = [args.cc, "-O2", src, "-lfloatfann", "-lm", "-o", exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"compiling train_fann failed (install libfann-dev, "
                         f"or pass --no-fann): {' '.join(cmd)}\n{r.stderr}")
    return exe, " ".join(["cc", "-O2", os.path.relpath(src, REPO_ROOT),
                          "-lfloatfann", "-lm", "-o",
                          os.path.relpath(exe, REPO_ROOT)])


def fann_version():
    return command_output(["dpkg-query", "-W", "-f=${Version}", "libfann-dev"])


def prepare_for_fann(args, wl):
    """recipe_data.py's arrays for train_fann, made once per CSV."""
    out = os.path.join(args.data_dir, os.path.splitext(os.path.basename(wl.csv))[0]
                       + ".prepared.bin")
    script = os.path.join(BENCH_DIR, "recipe_data.py")
    try:
        fresh = os.path.getmtime(out) > max(os.path.getmtime(wl.csv),
                                            os.path.getmtime(script))
    except OSError:
        fresh = False
    if not fresh:
        cmd = [args.python, script, wl.csv, out, "--target", wl.target,
               "--validation-split", "0.2"]
        if subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode != 0:
            raise BenchError(f"preparing {wl.csv} for FANN failed")
    wl.prepared = out


def gemm_floor(args, exe, wl, threads):
    if args.wait_idle > 0:
        wait_idle(args.wait_idle)
    cmd = [exe, "--layers", ",".join(str(w) for w in wl.widths),
           "--batch", str(wl.batch), "--train-rows", str(wl.train_rows),
           "--val-rows", str(wl.val_rows), "--eval-rows", "1024",
           "--threads", str(threads), "--min-seconds", str(args.floor_seconds),
           "--samples", "5"]
    env = dict(os.environ)
    for k in THREAD_ENV:
        env.pop(k, None)
    _, _, _, foreign, out = run_child(cmd, args.timeout, env)
    res = json.loads(out)
    res["foreign"] = foreign
    return res


def best_floor(wl, threads):
    floors = wl.floors.get(threads) or []
    return min(floors, key=lambda r: r["epoch_seconds"]) if floors else None


# ---------------------------------------------------------------------------
# Machine description

def command_output(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def torch_info(python):
    code = ("import json, torch, numpy; "
            "print(json.dumps({'torch': torch.__version__, 'numpy': numpy.__version__, "
            "'default_threads': torch.get_num_threads(), "
            "'parallel': torch.__config__.parallel_info()}))")
    env = dict(os.environ)
    for k in THREAD_ENV:
        env.pop(k, None)
    try:
        r = subprocess.run([python, "-I", "-c", code], capture_output=True,
                           text=True, check=True, env=env)
        return json.loads(r.stdout)
    except (OSError, subprocess.CalledProcessError, ValueError) as e:
        raise BenchError(f"{python} cannot import torch and numpy ({e}); "
                         f"install python3-torch") from None


def sklearn_info(python):
    code = ("import json, sklearn, numpy, threadpoolctl; "
            "print(json.dumps({'sklearn': sklearn.__version__, "
            "'numpy': numpy.__version__, "
            "'threadpools': [{k: i.get(k) for k in ('internal_api', 'filepath', "
            "'version', 'num_threads', 'threading_layer')} "
            "for i in threadpoolctl.threadpool_info()]}))")
    env = dict(os.environ)
    for k in THREAD_ENV:
        env.pop(k, None)
    try:
        r = subprocess.run([python, "-I", "-c", code], capture_output=True,
                           text=True, check=True, env=env)
        return json.loads(r.stdout)
    except (OSError, subprocess.CalledProcessError, ValueError) as e:
        raise BenchError(f"{python} cannot import sklearn, numpy and "
                         f"threadpoolctl ({e}); install python3-sklearn, or "
                         f"pass --no-sklearn") from None


# ---------------------------------------------------------------------------
# Report

NAMES = {"backprop": "Backprop", "pytorch": "PyTorch", "sklearn": "scikit-learn",
         "fann": "FANN"}

def med(values):
    return statistics.median(values) if values else None


def fmt_time(seconds):
    if seconds is None:
        return "–"
    if seconds < 1.0:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3f} s"


def fmt_range(values):
    if not values:
        return "–"
    lo, hi = min(values), max(values)
    if hi < 1.0:
        return f"{lo * 1000:.2f}–{hi * 1000:.2f} ms"
    return f"{lo:.2f}–{hi:.2f} s"


def fmt_mib(kib):
    return "–" if kib is None else f"{kib / 1024:.0f}"


def fmt_sps(v):
    if v is None:
        return "–"
    return f"{v / 1000:.0f} k" if v >= 10000 else f"{v:.0f}"


def fmt_acc(values):
    if not values:
        return "–"
    mean = statistics.fmean(values)
    if len(values) == 1:
        return f"{mean * 100:.2f} %"
    return f"{mean * 100:.2f} % ({min(values) * 100:.1f}–{max(values) * 100:.1f})"


def config_stats(c):
    return {
        "epoch": med([r["epoch"] for r in c.runs]),
        "epochs": [r["epoch"] for r in c.runs],
        "sps": med([r["sps"] for r in c.runs]),
        "acc": [r["val_accuracy"] for r in c.runs],
        "rss": med([r["rss"] for r in c.runs]),
        # /proc/stat counts in 10 ms ticks: too coarse for shorter runs
        "foreign": med([r["foreign"] for r in c.runs if r["wall"] >= 1.0]),
        "foreign_max": max([r["foreign"] for r in c.runs if r["wall"] >= 1.0],
                           default=None),
        "n": len(c.runs),
    }


def find(wl, contender, threads, diagnostic=False):
    for c in wl.configs:
        if (c.contender, c.threads, c.diagnostic) == (contender, threads, diagnostic) and c.runs:
            return c
    return None


def render_workload(wl, args, findings, rss_floor):
    out = []
    out.append(f"## Workload {wl.key}: {wl.title}")
    out.append("")
    widths = "-".join(str(w) for w in wl.widths)
    out.append(f"- Data: `{os.path.relpath(wl.csv, REPO_ROOT)}`, target "
               f"`{wl.target}`, {wl.train_rows} training / {wl.val_rows} "
               f"validation rows (Keras split, last 20 %)")
    head = ("sigmoid / one logit, binary cross-entropy" if wl.classes == 2
            else f"softmax over {wl.classes} classes, categorical cross-entropy")
    out.append(f"- Rounds: {getattr(wl, 'runs', args.runs)} (median over them; "
               f"run r uses seed r)")
    out.append(f"- Model: {widths} (ReLU hidden layers, {head}), "
               f"{wl.parameters()} parameters; batch {wl.batch}, "
               f"{wl.epochs} epoch{'s' if wl.epochs != 1 else ''}, Adam 1e-3 (ε 1e-7)")
    out.append(f"- Floor: 6 × {wl.parameters()} parameters × {wl.train_rows} rows "
               f"= {wl.flops() / 1e9:.2f} GFLOP per epoch")
    if any(c.contender == "sklearn" for c in wl.configs):
        out.append(f"- scikit-learn: `MLPClassifier(hidden_layer_sizes="
                   f"{tuple(wl.layers)}, activation='relu', solver='adam', "
                   f"alpha=0, batch_size={wl.batch}, learning_rate_init=1e-3, "
                   f"epsilon=1e-7, shuffle=True, random_state=RandomState(seed), "
                   f"early_stopping=False, tol=0)`, one `partial_fit` per epoch, "
                   f"float32 (see \"scikit-learn's recipe\" below)")
    if any(c.contender == "fann" for c in wl.configs):
        out.append(f"- FANN: `bench/train_fann.c`, tanh hidden layers, "
                   f"{'one logistic output' if wl.classes == 2 else f'{wl.classes} logistic outputs (one-hot)'}, "
                   f"mean squared error, FANN_TRAIN_INCREMENTAL (SGD, one row per "
                   f"update) at learning rate {wl.fann_lr:g}, single-threaded "
                   f"(see \"FANN's recipe\" below)")
    out.append("")
    out.append("| Contender | Threads | Runs | Epoch, median | Epoch, range "
               "| Samples/s | × floor (6·P·rows) | × GEMM time | ÷ Backprop: time "
               "| Val. accuracy: mean over seeds (min–max) | Peak RSS (MiB) "
               "| ÷ Backprop: RSS | Foreign load (cores) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in wl.configs:
        if not c.runs:
            continue
        s = config_stats(c)
        floor = best_floor(wl, c.threads)
        mult = f"{s['epoch'] / floor['epoch_seconds']:.1f}×" if floor else "–"
        mult6 = (f"{s['epoch'] / (wl.flops() / (floor['gflops'] * 1e9)):.1f}×"
                 if floor else "–")
        bp = find(wl, "backprop", c.threads)
        ratio = rss_ratio = "–"
        if c.contender != "backprop" and bp:
            ratio = f"{s['epoch'] / config_stats(bp)['epoch']:.1f}×"
            rss_ratio = f"{s['rss'] / config_stats(bp)['rss']:.1f}×"
        rss = fmt_mib(s["rss"])
        if not args.gnu_time and s["rss"] is not None and s["rss"] <= rss_floor * 1.1:
            rss = "≤ " + rss
        foreign = ("–" if s["foreign"] is None
                   else f"{s['foreign']:.2f} (max {s['foreign_max']:.2f})")
        runs = f"{s['n']}" + (" (capped)" if c.capped else "")
        out.append(f"| {c.label} | {c.threads} | {runs} | {fmt_time(s['epoch'])} "
                   f"| {fmt_range(s['epochs'])} | {fmt_sps(s['sps'])} | {mult6} | {mult} "
                   f"| {ratio} | {fmt_acc(s['acc'])} | {rss} | {rss_ratio} "
                   f"| {foreign} |")
        if c.capped and c.max_runs is not None:
            findings.append(f"Workload {wl.key}: {c.label} ran {s['n']} "
                            f"time(s) only (--fann-runs-large; one run takes "
                            f"minutes here).")
        elif c.capped:
            findings.append(f"Workload {wl.key}: {c.label}, {c.threads} threads "
                            f"ran only {s['n']} times: its runs used up the "
                            f"--budget of {args.budget:g} s.")
    out.append("")
    # GEMM floor
    n_floor = min((len(v) for v in wl.floors.values()), default=0)
    out.append("GEMM floor (OpenBLAS `cblas_sgemm` only, `bench/gemm_floor.c`): "
               f"the fastest of {n_floor} runs (one before the rounds, one after "
               "each round), each the fastest of 5 samples. The GEMMs: forward "
               "X·W and dW = Xᵀ·dZ for every layer, dX = dZ·Wᵀ for every layer "
               "but the first (no one needs the inputs' gradient), for every "
               "training batch, plus the validation forward pass:")
    out.append("")
    out.append("| Threads | Epoch GEMM time | GFLOP/s | One training batch "
               "(fwd + bwd GEMMs) | Validation pass | GFLOP per epoch |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for t in sorted(wl.floors):
        f = best_floor(wl, t)
        out.append(f"| {t} | {fmt_time(f['epoch_seconds'])} | {f['gflops']:.1f} "
                   f"| {f['step_seconds'] * 1e6:.0f} µs | {fmt_time(f['val_seconds'])} "
                   f"| {f['epoch_flops'] / 1e9:.2f} |")
    out.append("")

    # Accuracy comparison (same thread count, seeds 0..runs-1)
    for t, other in [(t, o) for t in args.thread_list
                     for o in ("pytorch", "sklearn", "fann")]:
        bp, pt = find(wl, "backprop", t), find(wl, other, t)
        if not (bp and pt):
            continue
        seeds = sorted({r["seed"] for r in bp.runs} & {r["seed"] for r in pt.runs})
        if not seeds:
            continue
        a_bp = statistics.fmean(r["val_accuracy"] for r in bp.runs if r["seed"] in seeds) * 100
        a_pt = statistics.fmean(r["val_accuracy"] for r in pt.runs if r["seed"] in seeds) * 100
        gap = a_bp - a_pt
        n = len(seeds)
        name = NAMES[other]
        verdict = "within" if abs(gap) <= 1.0 else "OUTSIDE"
        if other != "pytorch":
            verdict += (" 1 point; the target is PyTorch's" if abs(gap) <= 1.0
                        else " 1 point; not a target")
        else:
            verdict += " the 1-point target"
        out.append(f"- Accuracy, {t} thread(s), seeds 0–{n - 1}: Backprop "
                   f"{a_bp:.2f} %, {name} {a_pt:.2f} %, gap {gap:+.2f} points "
                   f"({verdict})")
        if abs(gap) > 1.0 and other == "pytorch":
            findings.append(f"Workload {wl.key}, {t} thread(s): validation "
                            f"accuracy gap {gap:+.2f} points (Backprop − {name}), "
                            f"outside the 1-point target.")
    out.append("")
    # Pathology / noise checks
    for contender in ("backprop", "pytorch", "sklearn"):   # FANN: 1 thread only
        one = find(wl, contender, 1)
        if not one:
            continue
        s1 = config_stats(one)
        for c in wl.configs:
            if c.contender != contender or c.threads == 1 or not c.runs:
                continue
            s = config_stats(c)
            name = f"{c.label}, {c.threads} threads"
            if s["epoch"] > s1["epoch"] * 1.5:
                findings.append(
                    f"Workload {wl.key}: **{name}** is pathological: "
                    f"{fmt_time(s['epoch'])} per epoch, "
                    f"{s['epoch'] / s1['epoch']:.1f}× SLOWER than 1 thread "
                    f"({fmt_time(s1['epoch'])}); range {fmt_range(s['epochs'])}.")
            elif s["epoch"] > s1["epoch"] * 1.1:
                findings.append(
                    f"Workload {wl.key}: {name}: {s['epoch'] / s1['epoch']:.2f}× "
                    f"slower than 1 thread ({fmt_time(s['epoch'])} vs "
                    f"{fmt_time(s1['epoch'])}).")
            elif s["epoch"] < s1["epoch"] / 1.1:
                findings.append(
                    f"Workload {wl.key}: {name}: {s1['epoch'] / s['epoch']:.2f}× "
                    f"the speed of 1 thread.")
            else:
                findings.append(
                    f"Workload {wl.key}: {name}: no faster than 1 thread "
                    f"({fmt_time(s['epoch'])} vs {fmt_time(s1['epoch'])}).")
            lo, hi = min(s["epochs"]), max(s["epochs"])
            if hi > 2 * lo and len(s["epochs"]) > 1:
                findings.append(f"Workload {wl.key}: {name} is unstable: runs "
                                f"range {fmt_range(s['epochs'])}.")
    return out


def acc_mean(c, seeds=None):
    vals = [r["val_accuracy"] for r in c.runs if seeds is None or r["seed"] in seeds]
    return statistics.fmean(vals) * 100 if vals else None


def render_targets(args, workloads):
    """The issue's targets, each with the figure it is judged on."""
    out = ["## Targets", "",
           "| Target | Workload | Threads | Measured | Verdict |",
           "|---|---|---:|---|---|"]
    by_key = {wl.key: wl for wl in workloads}

    def row(target, wl, t, measured, ok):
        out.append(f"| {target} | {wl.key}: {wl.title} | {t} | {measured} "
                   f"| {'met' if ok else '**missed**'} |")

    wl = by_key.get("1")
    if wl:
        bp = find(wl, "backprop", 1)
        for other, want in (("pytorch", 10.0), ("sklearn", 5.0)):
            c = find(wl, other, 1)
            if bp and c:
                ratio = config_stats(c)["epoch"] / config_stats(bp)["epoch"]
                row(f"epoch throughput ≥ {want:g}× {NAMES[other]}'s", wl, 1,
                    f"{ratio:.1f}×", ratio >= want)
    for key in ("3", "4"):
        wl = by_key.get(key)
        if not wl:
            continue
        for t in args.thread_list:
            bp = find(wl, "backprop", t)
            torch_cfgs = [c for c in wl.configs
                          if c.contender == "pytorch" and c.threads == t and c.runs]
            if not (bp and torch_cfgs):
                continue
            fastest = min(torch_cfgs, key=lambda c: config_stats(c)["epoch"])
            ratio = config_stats(fastest)["epoch"] / config_stats(bp)["epoch"]
            row("epoch throughput ≥ 1.3× the fastest PyTorch configuration", wl,
                t, f"{ratio:.2f}× ({fastest.label.replace(' (*diagnostic*)', '')}, "
                f"{fmt_time(config_stats(fastest)['epoch'])} vs "
                f"{fmt_time(config_stats(bp)['epoch'])})", ratio >= 1.3)
    for wl in workloads:
        for t in args.thread_list:
            bp, pt = find(wl, "backprop", t), find(wl, "pytorch", t)
            if not (bp and pt):
                continue
            seeds = {r["seed"] for r in bp.runs} & {r["seed"] for r in pt.runs}
            if not seeds:
                continue
            gap = acc_mean(bp, seeds) - acc_mean(pt, seeds)
            row(f"validation accuracy within 1 point of PyTorch (mean of "
                f"{len(seeds)} seeds)", wl, t,
                f"{acc_mean(bp, seeds):.2f} % vs {acc_mean(pt, seeds):.2f} % "
                f"({gap:+.2f})", abs(gap) <= 1.0)
    out.append("")
    out.append("CSV loading against pandas is judged in `csv-load.md`.")
    out.append("")
    return out


def render(args, workloads, info, blas, build_cmd, started, finished,
           rss_floor, findings, skinfo=None, fanninfo=None):
    title = ("Backprop vs PyTorch eager" + (" vs scikit-learn" if skinfo else "")
             + (" vs FANN" if fanninfo else ""))
    out = [f"# Training benchmark: {title}", ""]
    out.append(f"- Date: {started.strftime('%Y-%m-%d %H:%M:%S %Z')} "
               f"(took {(finished - started).total_seconds() / 60:.1f} min)")
    out.append(f"- Machine: {cpu_model()}, nproc {command_output(['nproc'])}, "
               f"{mem_total()} RAM, Linux {platform.release()}")
    out.append(f"- Backprop: `{os.path.relpath(args.cli, REPO_ROOT)} train … "
               f"--json --threads T`, source "
               f"{command_output(['git', '-C', REPO_ROOT, 'describe', '--always', '--dirty'])}")
    out.append(f"- PyTorch {info['torch']} (Debian python3-torch), numpy "
               f"{info['numpy']}, Python {platform.python_version()} "
               f"({args.python}); `bench/train_torch.py`; default "
               f"`torch.get_num_threads()` here: {info['default_threads']}")
    if skinfo:
        blas_libs = [f"{os.path.basename(i.get('filepath') or '?')} "
                     f"({i.get('threading_layer') or i.get('internal_api')})"
                     for i in skinfo.get("threadpools", [])]
        out.append(f"- scikit-learn {skinfo['sklearn']} (Debian python3-sklearn), "
                   f"numpy {skinfo['numpy']}; `bench/train_sklearn.py`; "
                   f"thread pools numpy/sklearn load: "
                   f"{', '.join(blas_libs) or 'none found'}")
    out.append(f"- OpenBLAS: `{blas.get('config', '?')}`, core "
               f"{blas.get('corename', '?')} (used by Backprop, by PyTorch "
               f"through libblas.so.3, "
               + ("by numpy for scikit-learn, " if skinfo else "")
               + "and by gemm_floor)")
    if fanninfo:
        out.append(f"- FANN {fanninfo['version']} (Debian libfann-dev, "
                   f"libfloatfann): `{fanninfo['build']}`; single-threaded, no "
                   f"BLAS; 1-thread group only")
    out.append(f"- GEMM floor: `{build_cmd}` "
               f"({command_output([args.cc, '--version']).splitlines()[0]})")
    runs = sorted({getattr(wl, "runs", args.runs) for wl in workloads})
    out.append(f"- Runs: median of {' or '.join(str(r) for r in runs)} rounds "
               f"(see each workload) after {args.warmup} warm-up "
               "round(s) for workloads 1 and 2 (3 and 4: after reading their "
               "CSV once into the page cache)"
               + (" — **quick mode**: 1 epoch on workloads 3 and 4, not for "
                  "numbers" if args.quick else "")
               + "; run r uses seed r on every side; the contenders take "
               "turns, the order flips every round; before each "
               f"run the script waits up to {args.wait_idle:g} s for idle CPUs")
    out.append("- Threads: Backprop `--threads T` (OpenBLAS), thread variables "
               "removed from its environment; PyTorch `torch.set_num_threads(T)` "
               "with OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = T"
               + ("; scikit-learn: the same three variables = T (numpy's "
                  "OpenBLAS does all its parallel work; checked with "
                  "threadpoolctl in the child)" if skinfo else ""))
    if args.gnu_time:
        out.append("- Peak RSS: ru_maxrss of each child, read by GNU time "
                   "(`/usr/bin/time -f %M`, itself a wait4), so that values "
                   f"below this script's own {rss_floor / 1024:.0f} MiB read true")
    else:
        out.append(f"- Peak RSS: ru_maxrss from os.wait4; floor "
                   f"{rss_floor / 1024:.0f} MiB (this script's own peak; a "
                   f"child's ru_maxrss never reads below it)")
    out.append("")
    out += render_targets(args, workloads)
    for wl in workloads:
        out += render_workload(wl, args, findings, rss_floor)
    out.append("## Findings")
    out.append("")
    for f in findings:
        out.append(f"- {f}")
    if not findings:
        out.append("- Nothing unusual.")
    out.append("")
    out.append("## How to read it")
    out.append("")
    out.append(
        "- **Epoch** is the contender's own training time divided by the "
        "number of epochs, per run; median and range over runs. All contenders "
        "time the same work per epoch: shuffle, every batch (gather rows, "
        "forward, loss, backward, Adam step, running loss and accuracy; "
        "scikit-learn keeps no running accuracy but re-checks its input on "
        "every `partial_fit` call; FANN updates after every row), then a "
        "forward pass over the validation "
        "rows in 1024-row chunks. None counts loading, start-up or imports. **Samples/s** is training rows × epochs ÷ "
        "training time.")
    out.append(
        "- **× floor (6·P·rows)** is the issue's floor: the epoch time divided "
        "by 6 × parameters × training rows FLOPs at the GFLOP/s that "
        "`cblas_sgemm` reaches at the workload's shapes (the GEMM floor table). "
        "It counts the first layer's input gradient, which no trainer needs, "
        "and not the validation pass, so it can dip below the GEMM time.")
    out.append(
        "- **× GEMM time** is the epoch time divided by the time OpenBLAS "
        "alone needs for the epoch's matrix products at the same thread "
        "count: forward X·W for every layer, dW = Xᵀ·dZ for every layer, dX = "
        "dZ·Wᵀ for every layer but the first, for every batch (the last one "
        "partial), plus the validation forward pass. 1.0× would be a trainer "
        "with zero overhead besides its GEMMs.")
    out.append(
        "- **÷ Backprop** (time, RSS): the row's contender divided by "
        "Backprop at the same thread count; above 1 means Backprop is faster "
        "(or smaller).")
    out.append(
        "- **Val. accuracy** is the final epoch's validation accuracy, mean "
        "over the seeds of the runs (seed r in run r). The seeds set the "
        "initial weights and the shuffles on each side, but the random "
        "generators differ, so only the distributions are comparable, not "
        "run by run.")
    out.append(
        "- **Peak RSS** is the child's whole high-water mark: for PyTorch "
        "that includes the interpreter, torch, pandas and the DataFrame used "
        "to load the CSV; for scikit-learn the interpreter, numpy, pandas, "
        "scipy and sklearn and the same DataFrame.")
    out.append(
        "- **Foreign load** is the CPU time that other processes used during "
        "the run, in cores (median, max; only runs of 1 s or more, the "
        "kernel counts in 10 ms ticks). On this 2-core machine anything "
        "above ~0.1 means the run shared its CPUs; 2-thread runs suffer most, "
        "because every multi-threaded GEMM waits for its slowest thread.")
    out.append(
        "- Rows marked *diagnostic* are not part of the comparison; they show "
        "how PyTorch's thread settings change its speed. PyTorch parallelizes "
        "element-wise operations with OpenMP (libgomp) and calls OpenBLAS, "
        "which has its own pthreads. With T = 2 for both, the OpenMP threads "
        "keep spinning after each parallel region on the cores OpenBLAS's "
        "threads need. `OMP_WAIT_POLICY=PASSIVE` makes them sleep instead; "
        "*1 OpenMP thread + OPENBLAS_NUM_THREADS=T* keeps PyTorch's own "
        "operations serial and lets only the GEMMs use T threads (with no "
        "variables set, `torch.get_num_threads()` is 1 here and OpenBLAS uses "
        "all cores, so this is also what PyTorch does by default on this "
        "machine).")
    out.append("")
    if skinfo:
        out += SKLEARN_NOTES
    if fanninfo:
        out += FANN_NOTES
    return "\n".join(out)


SKLEARN_NOTES = [
    "## scikit-learn's recipe",
    "",
    "`bench/train_sklearn.py` prepares the data exactly as the PyTorch "
    "script does (same CSV, target classes to 0..K-1 in sorted label order, Keras split "
    "with the last 20 % of rows validating and no shuffling before the "
    "split, standardization fitted on the training rows, float32; sklearn "
    "keeps float32 weights for float32 input) and times the same epochs: one "
    "`partial_fit(X, y, classes=[0 … K-1])` call, then `predict_proba` over the "
    "validation rows in 1024-row chunks with the validation loss and "
    "accuracy. Where it differs from Backprop and PyTorch:",
    "",
    "- **Loss**: log-loss on one logistic output unit for 2 classes (binary "
    "cross-entropy on a sigmoid) and on K softmax units for K classes "
    "(categorical cross-entropy), the same objectives; `alpha=0`, so no L2 "
    "term (sklearn's default is 1e-4).",
    "- **Initial weights**: uniform ±√(6 / (fan_in + fan_out)), the Glorot "
    "uniform bound, but drawn by numpy's RandomState; **biases are drawn "
    "from the same range instead of starting at zero** (not configurable).",
    "- **Adam**: β₁ 0.9, β₂ 0.999, ε 1e-7 (sklearn's default is 1e-8), in "
    "the Keras form (bias correction folded into the step size, ε added to "
    "√v uncorrected); PyTorch adds ε to the bias-corrected √v̂. Negligible "
    "for these runs but not bit-identical.",
    "- **Epochs**: `partial_fit` makes exactly one shuffled pass and keeps "
    "the weights and Adam's moments and step count. `warm_start=True` with "
    "`max_iter=1` was not used: each `fit` call builds a new Adam optimizer "
    "(moments reset every epoch) and raises a ConvergenceWarning every "
    "epoch. `partial_fit` cannot raise it (it returns before sklearn's "
    "`max_iter` check); the script filters ConvergenceWarning anyway. `tol=0`, `n_iter_no_change` and `max_iter` huge, "
    "`early_stopping=False`.",
    "- **Shuffling**: `random_state` is passed as `RandomState(seed)`, not "
    "the int: sklearn re-runs `check_random_state(random_state)` on every "
    "`partial_fit` call, so an int seed would repeat the first epoch's order "
    "every epoch. The generator also draws the initial weights.",
    "- **Per-epoch overhead inside the timing**: each `partial_fit` call "
    "re-validates its input (`check_array`, label binarizer); sklearn does "
    "not track a running training accuracy (the others do, inside their "
    "timing), so its last-epoch training accuracy is not reported.",
    "- **Threads**: sklearn's MLP is pure numpy; its matrix products run in "
    "numpy's BLAS (OpenBLAS, pthreads) with OMP_NUM_THREADS = "
    "OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = T in the child's environment; "
    "the element-wise work (ReLU, its derivative, Adam) is single-threaded "
    "numpy.",
    "",
]


FANN_NOTES = [
    "## FANN's recipe",
    "",
    "`bench/train_fann.c` trains on the very arrays the Python peers use "
    "(`bench/recipe_data.py` writes them once per CSV to "
    "`bench/data/*.prepared.bin`: same split, same standardization), with "
    "the same layer sizes, Glorot-uniform weights and zero biases (written "
    "into FANN's weight array), the same epochs and a seeded per-epoch "
    "shuffle. FANN 2.2 cannot do the rest of the recipe:",
    "",
    "- **No Adam, no mini-batches**: the closest FANN has is "
    "`FANN_TRAIN_INCREMENTAL`, plain SGD with one update per row "
    "(`fann_train`), no momentum, learning rate 0.03. Its batch algorithms "
    "(`FANN_TRAIN_BATCH`, `RPROP`, `QUICKPROP`) update once per epoch, which "
    "learns almost nothing in 3 to 10 epochs. So the batch size does not "
    "apply: FANN does the same 6 × parameters × rows arithmetic per epoch, "
    "one row at a time, with no BLAS.",
    "- **No ReLU** (it came in FANN 2.3): hidden layers are "
    "`FANN_SIGMOID_SYMMETRIC` at steepness 1, i.e. tanh.",
    "- **No softmax, no cross-entropy**: one `FANN_SIGMOID` output (the "
    "logistic function) for 2 classes, K of them with one-hot targets for K "
    "classes (prediction: the largest), trained on mean squared error "
    "(`FANN_ERRORFUNC_LINEAR`, plain MSE, rather than FANN's default "
    "tanh-stretched error). Its loss figures are MSE and not comparable; its "
    "accuracy is.",
    "- **Threads**: none. FANN appears in the 1-thread group only.",
    "- **Runs**: on workloads 3 and 4 an epoch takes FANN tens of seconds, so "
    "it runs `--fann-runs-large` times (seed 0 first), not every round; "
    "its accuracy there is then one seed's, not a mean.",
    "",
]


# ---------------------------------------------------------------------------

def generate(args, kind):
    """Make (or reuse) a workload's CSV in bench/data/ in a child process."""
    if kind == "numeric":
        path = os.path.join(args.data_dir, "numeric_200000x33_seed42.csv")
        cmd = [args.python, os.path.join(BENCH_DIR, "gen_numeric_csv.py"), path,
               "--rows", "200000", "--features", "32", "--seed", "42"]
    else:
        name = {"digits": "digits.csv", "fashion": "fashion_mnist_train.csv"}[kind]
        path = os.path.join(args.data_dir, name)
        cmd = [args.python, os.path.join(BENCH_DIR, "gen_datasets.py"), kind, path]
    if subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode != 0:
        raise BenchError(f"generating {path} failed")
    return path


def make_workloads(args):
    q = args.quick
    wls = []
    if 1 in args.workload_list:
        wls.append(Workload(
            "1", "breast cancer, the seed recipe",
            os.path.join(REPO_ROOT, "resources", "samples", "breast_cancer.csv"),
            "diagnosis", [128, 64], 32, 10, 455, 114, 30))
    if 2 in args.workload_list:
        wls.append(Workload(
            "2", "digits (sklearn's load_digits), 10 classes",
            generate(args, "digits"), "label", [128, 64], 32, 10, 1437, 360, 64,
            classes=10))
    if 3 in args.workload_list:
        wls.append(Workload(
            "3", "Fashion-MNIST, 60 000 × 784, 10 classes",
            generate(args, "fashion"), "label", [256, 128], 128, 1 if q else 5,
            48000, 12000, 784, classes=10))
    if 4 in args.workload_list:
        wls.append(Workload(
            "4", "200 000 × 32 generated binary problem",
            generate(args, "numeric"), "target", [256, 256], 256, 1 if q else 3,
            160000, 40000, 32))
    return wls


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Time training: backprop-cli train vs PyTorch eager, "
                    "scikit-learn MLPClassifier and FANN, "
                    "with an OpenBLAS GEMM floor.")
    p.add_argument("--cli", default=os.path.join(REPO_ROOT, "_build", "app",
                                                 "backprop-cli"))
    p.add_argument("--python", default="/usr/bin/python3",
                   help="interpreter with torch, numpy and pandas")
    p.add_argument("--cc", default="cc", help="C compiler for gemm_floor.c "
                   "and train_fann.c")
    p.add_argument("--runs", type=int, default=5, help="measured rounds (default 5)")
    p.add_argument("--warmup", type=int, default=1,
                   help="unmeasured rounds first (default 1) for the small "
                        "workloads 1 and 2; 3 and 4 only read their CSV once "
                        "instead (every run is a fresh process)")
    p.add_argument("--runs-large", type=int, default=None,
                   help="measured rounds for workloads 3 and 4 (default: "
                        "--runs); fewer when the machine is too slow or "
                        "busy for 5")
    p.add_argument("--threads", default="1,2",
                   help="thread counts, comma-separated (default 1,2)")
    p.add_argument("--workloads", default="1,2,3,4",
                   help="workloads to run, comma-separated (default 1,2,3,4)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 2 rounds, no warm-up, 1 epoch on workloads "
                        "3 and 4, shorter GEMM timing, no diagnostics")
    p.add_argument("--no-diagnostics", action="store_true",
                   help="leave out the diagnostic PyTorch rows (other thread "
                        "settings)")
    p.add_argument("--no-sklearn", action="store_true",
                   help="leave out the scikit-learn MLPClassifier contender")
    p.add_argument("--no-fann", action="store_true",
                   help="leave out the FANN contender")
    p.add_argument("--fann-runs-large", type=int, default=1,
                   help="measured FANN runs on workloads 3 and 4 (default 1: "
                        "FANN takes minutes per run there)")
    p.add_argument("--wait-idle", type=float, default=5.0,
                   help="before each run, wait up to this many seconds for "
                        "idle CPUs (0: don't; default 5)")
    p.add_argument("--budget", type=float, default=200.0,
                   help="stop repeating a configuration after 3 runs once its "
                        "runs took this many seconds in all (default 200)")
    p.add_argument("--timeout", type=float, default=900.0,
                   help="seconds before a single run is killed (default 900)")
    p.add_argument("--no-gnu-time", action="store_true",
                   help="read peak RSS from os.wait4 only, not through "
                        "/usr/bin/time (then small peaks read as <= this "
                        "script's own RSS)")
    p.add_argument("--data-dir", default=os.path.join(BENCH_DIR, "data"))
    p.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "train.md"))
    args = p.parse_args(argv)
    args.floor_seconds = 0.05
    if args.quick:
        args.runs, args.warmup = 2, 0
        args.floor_seconds = 0.03
        args.no_diagnostics = True
    if args.runs < 1 or args.warmup < 0:
        p.error("--runs must be at least 1 and --warmup at least 0")
    try:
        args.thread_list = sorted({int(t) for t in args.threads.split(",")})
        args.workload_list = sorted({int(t) for t in args.workloads.split(",")})
    except ValueError:
        p.error("--threads and --workloads take numbers like 1,2")
    if not args.thread_list or min(args.thread_list) < 1:
        p.error("--threads takes numbers of 1 or more")
    if not args.workload_list or not set(args.workload_list) <= {1, 2, 3, 4}:
        p.error("--workloads takes numbers from 1 to 4")
    args.cli = os.path.abspath(args.cli)
    if not os.access(args.cli, os.X_OK):
        p.error(f"{args.cli} is not an executable; build it first "
                f"(ninja -C _build) or pass --cli")
    os.makedirs(args.data_dir, exist_ok=True)
    args.gnu_time = not args.no_gnu_time and os.access(GNU_TIME, os.X_OK)

    started = datetime.datetime.now().astimezone()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)

    info = torch_info(args.python)
    skinfo = None if args.no_sklearn else sklearn_info(args.python)
    exe, build_cmd = build_gemm_floor(args)
    blas = json.loads(command_output([exe, "--config"]))
    fanninfo = None
    if not args.no_fann:
        args.fann_exe, fann_cmd = build_fann(args)
        fanninfo = {"version": fann_version(), "build": fann_cmd}

    workloads = make_workloads(args)
    for wl in workloads:
        if not args.no_fann:
            prepare_for_fann(args, wl)
        for t in args.thread_list:
            wl.configs.append(Config(wl, "backprop", t, "Backprop", "--threads",
                                     strip_env=True))
            wl.configs.append(Config(wl, "pytorch", t, "PyTorch eager", "env = T",
                                     extra_env={k: str(t) for k in THREAD_ENV}))
            if not args.no_sklearn:
                wl.configs.append(Config(
                    wl, "sklearn", t, "scikit-learn MLPClassifier", "env = T",
                    extra_env={k: str(t) for k in THREAD_ENV}))
            if not args.no_fann and t == 1:
                # FANN has no threads; it runs in the 1-thread group only
                c = Config(wl, "fann", 1, "FANN 2.2 (incremental SGD, tanh, MSE)",
                           "single-threaded", strip_env=True)
                if wl.key in ("3", "4"):
                    c.max_runs = args.fann_runs_large
                wl.configs.append(c)
        if not args.no_diagnostics:
            for t in args.thread_list:
                if t > 1:
                    env = {k: str(t) for k in THREAD_ENV}
                    env["OMP_WAIT_POLICY"] = "PASSIVE"
                    wl.configs.append(Config(
                        wl, "pytorch", t,
                        "PyTorch, OMP_WAIT_POLICY=PASSIVE (*diagnostic*)",
                        "env = T, passive", diagnostic=True, extra_env=env))
                    env = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                           "OPENBLAS_NUM_THREADS": str(t)}
                    wl.configs.append(Config(
                        wl, "pytorch", t,
                        f"PyTorch, 1 OpenMP thread + OPENBLAS_NUM_THREADS={t} "
                        f"(*diagnostic*)", "omp 1, blas T", diagnostic=True,
                        extra_env=env, child_threads=1))

    for wl in workloads:
        log(f"== workload {wl.key}: {wl.title}")
        for t in args.thread_list:
            wl.floors.setdefault(t, []).append(gemm_floor(args, exe, wl, t))
            f = wl.floors[t][-1]
            log(f"gemm floor, {t} thread(s): {fmt_time(f['epoch_seconds'])} per "
                f"epoch, {f['gflops']:.1f} GFLOP/s")
        warmup = args.warmup
        if wl.key in ("3", "4"):
            warmup = 0
            with open(wl.csv, "rb") as f:      # into the page cache
                while f.read(1 << 20):
                    pass
        runs = args.runs
        if wl.key in ("3", "4") and args.runs_large:
            runs = args.runs_large
        wl.runs = runs
        total = warmup + runs
        for rnd in range(total):
            record = rnd >= warmup
            seed = rnd - warmup if record else 0
            order = list(wl.configs)
            if rnd % 2:
                # reverse the order: flips the contenders within each thread
                # count, and the thread counts
                order = order[::-1]
            tag = (f"run {rnd - warmup + 1}/{runs}" if record
                   else f"warm-up {rnd + 1}/{warmup}")
            for c in order:
                if record and len(c.runs) >= 3 and c.spent >= args.budget:
                    c.capped = True
                    continue
                if c.max_runs is not None and (not record or len(c.runs) >= c.max_runs):
                    c.capped = c.max_runs < runs
                    continue
                r = c.measure(args, seed, record)
                log(f"{wl.key} {tag}: {c.label}, {c.threads} thr, seed {seed}: "
                    f"epoch {fmt_time(r['epoch'])}, val_acc "
                    f"{r['val_accuracy']:.4f}, rss {r['rss'] / 1024:.0f} MiB, "
                    f"foreign {r['foreign']:.2f}"
                    + (f" (waited {r['waited']:.1f} s)" if r["waited"] > 0.6 else ""))
            if record:
                for t in args.thread_list:
                    wl.floors[t].append(gemm_floor(args, exe, wl, t))

    finished = datetime.datetime.now().astimezone()
    rss_floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    findings = []
    report = render(args, workloads, info, blas, build_cmd, started, finished,
                    rss_floor, findings, skinfo, fanninfo)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    raw = os.path.splitext(args.out)[0] + ".json"
    with open(raw, "w", encoding="utf-8") as f:
        json.dump({"started": started.isoformat(), "blas": blas, "torch": info,
                   "sklearn": skinfo, "fann": fanninfo,
                   "workloads": [{
                       "key": wl.key, "title": wl.title,
                       "parameters": wl.parameters(), "flops": wl.flops(),
                       "floors": wl.floors,
                       "configs": [{"label": c.label, "threads": c.threads,
                                    "contender": c.contender,
                                    "diagnostic": c.diagnostic,
                                    "runs": [{k: v for k, v in r.items() if k != "final"}
                                             for r in c.runs]}
                                   for c in wl.configs]}
                       for wl in workloads]}, f, indent=1)
    print(report)
    log(f"(written to {args.out} and {raw})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"bench_train: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
