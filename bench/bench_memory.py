#!/usr/bin/python3
"""Peak memory of training: backprop-cli and the app, on Fashion-MNIST and
a 1 500 000-row file.

For each file, `backprop-cli train FILE --epochs 1 --seed 1 --save-project
P.backprop` runs first; then the app trains that project (the same data,
model and one epoch) with `backprop P.backprop --train --quit-after-training`
under xvfb-run inside a private D-Bus session. Each process's peak RSS
(ru_maxrss from wait4) is compared with what training needs at the least:
the float32 dataset (x and y of every row) plus the model (weights,
gradients and two Adam moments, 16 bytes a parameter).

    /usr/bin/python3 bench/bench_memory.py [--build _build] [--datasets fashion,numeric]

Targets (issue 19): the CLI at most 1.3 × (dataset + model), the app at
most 1.5 × the CLI. Writes bench/results/memory-peaks.md (results/memory.md is the
hand-written analysis that led to it).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

# Runs argv[2:] and writes its peak RSS (KiB) to argv[1]: the child's own
# high-water mark, not that of xvfb-run or D-Bus around it. It starts at
# this small interpreter's RSS (the floor the report prints).
PEAK = ("import os, sys\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.execvp(sys.argv[2], sys.argv[2:])\n"
        "_, status, usage = os.wait4(pid, 0)\n"
        "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n")

MIB = 1024 * 1024


def ensure_data(name, data_dir, python):
    if name == "fashion":
        path = os.path.join(data_dir, "fashion_mnist_train.csv")
        cmd = [python, os.path.join(HERE, "gen_datasets.py"), "fashion", path]
    else:
        path = os.path.join(data_dir, "numeric_1500000x6_seed42_numpy.csv")
        cmd = [python, os.path.join(HERE, "gen_numeric_csv.py"), path, "--rows", "1500000",
               "--features", "5", "--seed", "42", "--backend", "numpy"]
    subprocess.run(cmd, check=True)
    return path


def peak_kib(cmd, env=None, timeout=3600):
    """Runs @cmd (its output kept) and returns (peak KiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as out:
        wrapped = cmd[:]
        # The wrapper goes right around the measured program, after any
        # launcher (dbus-run-session, xvfb-run) in front of it.
        at = wrapped.index("@")
        wrapped[at:at + 1] = [sys.executable, "-I", "-c", PEAK, out.name]
        done = subprocess.run(wrapped, capture_output=True, text=True, env=env, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s" % (" ".join(cmd), done.returncode, done.stderr[-3000:]))
        return int(out.read() or 0), done.stdout


def last_json(text, key):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and key in line:
            return json.loads(line)
    raise RuntimeError("no %s line in output:\n%s" % (key, text[-2000:]))


def floor_kib():
    """The wrapper's own RSS at fork: a reading at this value is ≤ it."""
    kib, _ = peak_kib(["@", "true"])
    return kib


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "_build"))
    p.add_argument("--datasets", default="fashion,numeric")
    p.add_argument("--data-dir", default=os.path.join(HERE, "data"))
    p.add_argument("--out", default=os.path.join(HERE, "results", "memory-peaks.md"))
    p.add_argument("--renderer", default=None, help="GSK_RENDERER for the app (default: GTK's own)")
    p.add_argument("--skip-app", action="store_true", help="only the CLI")
    p.add_argument("--python", default="/usr/bin/python3", help="interpreter for the data generators")
    args = p.parse_args()

    from machine import cpu_model, mem_total
    cli = os.path.join(args.build, "app", "backprop-cli")
    app = os.path.join(args.build, "app", "backprop")
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(args.build, "resources"),
               GSETTINGS_BACKEND="memory")
    if args.renderer:
        env["GSK_RENDERER"] = args.renderer

    rows = []
    with tempfile.TemporaryDirectory(prefix="bp-bench-memory-") as tmp:
        for name in args.datasets.split(","):
            path = ensure_data(name, args.data_dir, args.python)
            project = os.path.join(tmp, name + ".backprop")
            print("bench_memory: %s: CLI" % name, file=sys.stderr)
            cli_kib, out = peak_kib(["@", cli, "train", path, "--epochs", "1", "--seed", "1", "--json",
                                     "--save-project", project])
            final = last_json(out, '"final"')
            model = final["model"]
            n_rows = final["train_rows"] + final["validation_rows"] + final.get("test_rows", 0)
            outputs = model["layers"][-1]["units"]
            dataset_bytes = n_rows * (model["inputs"] + outputs) * 4
            model_bytes = model["parameters"] * 4 * 4
            app_kib = None
            if not args.skip_app:
                print("bench_memory: %s: app" % name, file=sys.stderr)
                app_kib, _ = peak_kib(["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x720x24",
                                       "@", app, project, "--train", "--quit-after-training"], env=env)
            rows.append((name, n_rows, model["inputs"], outputs, dataset_bytes, model_bytes, cli_kib, app_kib))
        floor = floor_kib()

    lines = ["# Peak memory of training", "",
             "- Machine: %s, nproc %d, %s RAM, Linux %s" % (cpu_model(), os.cpu_count(), mem_total(),
                                                          platform.release()), "",
             "`bench/bench_memory.py`: one epoch, seed 1; peak RSS is the process's ru_maxrss "
             "(readings start at the wrapper's %.0f MiB)." % (floor / 1024), "",
             "| File | Rows × inputs → outputs | Dataset + model | CLI peak | CLI ÷ (dataset + model) "
             "| App peak | App ÷ CLI |",
             "|---|---|---|---|---|---|---|"]
    for name, n_rows, inputs, outputs, dataset_bytes, model_bytes, cli_kib, app_kib in rows:
        need = dataset_bytes + model_bytes
        cli_mib = cli_kib / 1024
        app = "–" if app_kib is None else "%.0f MiB" % (app_kib / 1024)
        ratio = "–" if app_kib is None else "%.2f×" % (app_kib / cli_kib)
        lines.append("| %s | %d × %d → %d | %.0f MiB | %.0f MiB | %.2f× | %s | %s |"
                     % (name, n_rows, inputs, outputs, need / MIB, cli_mib, cli_kib * 1024 / need, app, ratio))
    lines += ["", "Targets: CLI ≤ 1.3× (dataset + model); app ≤ 1.5× the CLI."]
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
