#!/usr/bin/python3
"""bench_wide.py: `backprop-cli inspect` on wide files takes time in
proportion to their width (issue 18: 100 000 columns took 88 s, from two
loops that went over every column once per column).

Four times the columns must cost well under sixteen times the CPU time
(what a quadratic part gives; linear work gives about four). CPU time of
the child, the best of a few runs, so a busy machine does not count.

A benchmark, not a unit test (timings stay out of the test suite).

Usage: BP_CLI=_build/app/backprop-cli bench/bench_wide.py bench/gen_wide_csv.py
"""

import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile

NARROW, WIDE, ROWS = 10000, 40000, 4
MAX_RATIO = 8.0


def load_generator(path):
    spec = importlib.util.spec_from_file_location("gen_wide_csv", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(args):
    """CPU seconds (user + system) the command took, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit("bench-wide: FAIL: %s exited %d: %s" % (" ".join(args), done.returncode, done.stderr.decode()))
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return spent, done.stdout.decode()


def best_of(runs, args):
    best, out = None, ""
    for _ in range(runs):
        spent, out = cpu_seconds(args)
        best = spent if best is None else min(best, spent)
    return best, out


def main():
    cli = os.environ.get("BP_CLI")
    if not cli or len(sys.argv) != 2:
        sys.exit("usage: BP_CLI=backprop-cli bench_wide.py GEN_WIDE_CSV")
    generator = load_generator(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="bp-bench-wide.") as tmp:
        for flags in ([], ["--json"]):
            times = {}
            for columns in (NARROW, WIDE):
                path = os.path.join(tmp, "wide%d.csv" % columns)
                if not os.path.exists(path):
                    generator.write_wide_csv(path, columns, ROWS)
                spent, out = best_of(3, [cli, "inspect"] + flags + [path])
                if flags:
                    shape = json.loads(out)
                    read = (shape["rows"], len(shape["columns"]))
                else:
                    read = (ROWS, columns) if "%d rows × %d columns" % (ROWS, columns) in out else None
                if read != (ROWS, columns):
                    sys.exit("bench-wide: FAIL: inspect %s read %s, not %d rows × %d columns"
                             % (" ".join(flags), read, ROWS, columns))
                times[columns] = max(spent, 1e-3)
            ratio = times[WIDE] / times[NARROW]
            print("inspect %s: %d columns %.2f s, %d columns %.2f s of CPU: %.1f times"
                  % (" ".join(flags) or "(text)", NARROW, times[NARROW], WIDE, times[WIDE], ratio))
            if ratio > MAX_RATIO:
                sys.exit("bench-wide: FAIL: %d times the columns took %.1f times the CPU time (at most %.0f)"
                         % (WIDE // NARROW, ratio, MAX_RATIO))
    print("bench-wide: ok")


if __name__ == "__main__":
    main()
