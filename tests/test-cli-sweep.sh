#!/bin/sh
# test-cli-sweep.sh: backprop-cli sweep, end to end (issue 15).
#
# A sweep of 2 rates x 2 seeds prints 4 runs' epochs, each line with its
# run, a summary per run and a final line naming the best run and the
# groups' mean and sd (checked against the summaries with Python's
# statistics module); each run trains exactly what train trains with the
# same settings and seed. Log ranges, two swept settings, --history (one
# CSV of every run), --save-project (the runs in the project, which train
# --project still reads), --save (the best run's model, which evaluate
# reads), twins (lock-step: the same rate gives the same numbers) and the
# usage errors.
#
# Needs $BP_CLI and python3; meson test sets it. Stops at the first failure.

set -u

. "$(dirname "$0")/cli-lib.sh"
cli_setup cli-sweep
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to check JSON output"

# expect_lines EXPR: EXPR, a Python expression over `lines` (stdout's JSON
# lines, parsed), `epochs`, `summaries` and `final`, is true.
expect_lines () {
  python3 - "$tmp/out" "$1" <<'EOF' || fail "JSON lines check failed: $1"
import json, statistics, sys
lines = []
with open(sys.argv[1], encoding="utf-8") as f:
    for n, text in enumerate(f, 1):
        try:
            lines.append(json.loads(text))
        except ValueError as e:
            print("  line %d is not JSON: %s: %r" % (n, e, text), file=sys.stderr)
            sys.exit(1)
epochs = [l for l in lines if "epoch" in l]
summaries = [l for l in lines if l.get("run_summary")]
finals = [l for l in lines if l.get("final")]
final = finals[-1] if finals else None
try:
    ok = eval(sys.argv[2], {"lines": lines, "epochs": epochs, "summaries": summaries, "final": final,
                            "finals": finals, "statistics": statistics, "abs": abs, "len": len, "all": all,
                            "any": any, "max": max, "min": min, "set": set, "sorted": sorted})
except Exception as e:
    print("  %s: %s" % (type(e).__name__, e), file=sys.stderr)
    ok = False
if not ok:
    print("  output was: %s" % json.dumps(lines)[:2000], file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
  pass
}

sample="circles:300:0.1"

what="sweep: 2 rates x 2 seeds"
run sweep --sample "$sample" --sweep lr=0.001,0.01 --repeat 2 --epochs 3 --seed 5 --json
expect_status 0
expect_lines 'len(epochs) == 12 and [l["run"] for l in epochs] == [1]*3 + [2]*3 + [3]*3 + [4]*3'
expect_lines 'list(lines[0])[:2] == ["run", "epoch"] and [l["epoch"] for l in epochs] == [1, 2, 3] * 4'
expect_lines 'len(summaries) == 4 and [s["run"] for s in summaries] == [1, 2, 3, 4]'
expect_lines '[s["learning_rate"] for s in summaries] == [0.001, 0.001, 0.01, 0.01] and [s["seed"] for s in summaries] == [5, 6, 5, 6]'
expect_lines '[s["name"] for s in summaries] == ["lr 0.001, seed 5", "lr 0.001, seed 6", "lr 0.01, seed 5", "lr 0.01, seed 6"]'
expect_lines 'all(s["status"] == "finished" and s["epochs"] == 3 for s in summaries)'
# Each summary's final and best are its epochs' last and highest.
expect_lines 'all(s["final_val_accuracy"] == [e for e in epochs if e["run"] == s["run"]][-1]["val_accuracy"] for s in summaries)'
expect_lines 'all(s["best_val_accuracy"] == max(e["val_accuracy"] for e in epochs if e["run"] == s["run"]) for s in summaries)'
expect_lines 'len(finals) == 1 and lines[-1] is final and final["runs"] == 4'
expect_lines 'summaries[final["best_run"] - 1]["best_val_accuracy"] == max(s["best_val_accuracy"] for s in summaries) == final["best_val_accuracy"]'
expect_lines 'final["best_name"] == summaries[final["best_run"] - 1]["name"]'
expect_lines '[g["name"] for g in final["groups"]] == ["lr 0.001", "lr 0.01"] and all(g["runs"] == 2 for g in final["groups"])'
expect_lines 'all(abs(g["mean"] - statistics.mean(s["best_val_accuracy"] for s in summaries[2*i:2*i+2])) < 1e-12 for i, g in enumerate(final["groups"]))'
expect_lines 'all(abs(g["sd"] - statistics.stdev(s["best_val_accuracy"] for s in summaries[2*i:2*i+2])) < 1e-12 for i, g in enumerate(final["groups"]))'
expect_lines 'final["groups"][final["best_group"] - 1]["mean"] == max(g["mean"] for g in final["groups"])'
cp "$tmp/out" "$tmp/sweep.jsonl"

# A repeat's seed is the training's only (weights, shuffles, dropout): the
# data and its split stay those of --seed, so run 3 is train's own run.
what="sweep: a run trains what train trains"
run train --sample "$sample" --lr 0.01 --epochs 3 --seed 5 --json
expect_status 0
python3 - "$tmp/sweep.jsonl" "$tmp/out" <<'EOF' || fail "run 3 differs from train --lr 0.01 --seed 5"
import json, sys
sweep = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
train = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
keys = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate")
a = [tuple(l[k] for k in keys) for l in sweep if l.get("run") == 3 and "epoch" in l]
b = [tuple(l[k] for k in keys) for l in train if "epoch" in l and not l.get("final")]
sys.exit(0 if a == b and len(a) == 3 else 1)
EOF
pass

what="sweep: a log range and two settings, text"
run sweep --sample "$sample" --sweep lr=1e-4..1e-2:3 --epochs 1 --json --quiet
expect_status 0
expect_lines '[s["learning_rate"] for s in summaries] == [0.0001, 0.001, 0.01] and epochs == []'
run sweep --sample "$sample" --layers 8:relu --sweep batch=16,32 --sweep units=4,8 --epochs 2 --json
expect_status 0
expect_lines '[s["name"] for s in summaries] == ["batch 16, units 4", "batch 16, units 8", "batch 32, units 4", "batch 32, units 8"]'
expect_lines '"groups" not in final and [s["batch_size"] for s in summaries] == [16, 16, 32, 32]'
run sweep --sample "$sample" --sweep optimizer=sgd,adam --epochs 2
expect_status 0
grep -q '^Run 2: optimizer adam$' "$tmp/out" || fail "no text line for run 2" "$(cat "$tmp/out")"
grep -q '^Best: run [12], optimizer ' "$tmp/out" || fail "no text line naming the best" "$(cat "$tmp/out")"
pass

what="sweep: --history, --save-project, --save"
run sweep --sample "$sample" --sweep seed=1,2,3 --epochs 2 --json --history "$tmp/h.csv" \
    --save-project "$tmp/p.backprop" --save "$tmp/best.json"
expect_status 0
expect_lines 'final["saved"].endswith("best.json")'
python3 - "$tmp/h.csv" "$tmp/p.backprop" <<'EOF' || fail "history CSV or project"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert rows[0] == ["run", "name", "epoch", "metric", "value"], rows[0]
assert len(rows) == 1 + 3 * 2 * 6, len(rows)
assert {r[0] for r in rows[1:]} == {"1", "2", "3"}
p = json.load(open(sys.argv[2], encoding="utf-8"))
runs = p["runs"]
assert [r["name"] for r in runs] == ["seed 1", "seed 2", "seed 3"], runs
assert all(len(r["history"]["loss"]) == 2 and r["status"] == "finished" for r in runs)
assert [r["settings"]["training"]["seed"] for r in runs] == [1, 2, 3]
assert all("weights" not in r for r in runs)
EOF
pass
run train --project "$tmp/p.backprop" --epochs 1 --json --quiet
expect_status 0
python3 - "$tmp/best.json" <<'EOF' || fail "the best model is not a model file"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if m["format"] == "backprop-model" and len(m["history"]) == 2 else 1)
EOF
pass

what="sweep: twins"
run sweep --sample "$sample" --twin lr=0.01 --epochs 3 --json
expect_status 0
expect_lines '[l["run"] for l in epochs] == [1, 2] * 3 and [l["epoch"] for l in epochs] == [1, 1, 2, 2, 3, 3]'
expect_lines '[s["name"] for s in summaries] == ["base", "lr 0.01"] and [s["learning_rate"] for s in summaries] == [0.001, 0.01]'
expect_lines 'final["twins"] and final["change"] == "lr 0.01"'
expect_lines 'final["difference"]["final_val_accuracy"] == summaries[1]["final_val_accuracy"] - summaries[0]["final_val_accuracy"]'
# A twin with the rate it already has: the same numbers, epoch for epoch.
run sweep --sample "$sample" --twin lr=0.001 --epochs 3 --json
expect_status 0
expect_lines 'all(epochs[2*i][k] == epochs[2*i+1][k] for i in range(3) for k in ("loss", "accuracy", "val_loss", "val_accuracy"))'
expect_lines 'final["difference"]["best_val_accuracy"] == 0'
run sweep --sample "$sample" --twin units=4 --layers 8:relu,8:relu --epochs 1 --save-project "$tmp/t.backprop"
expect_status 0
grep -q '^Twin 2 (units 4) minus twin 1: ' "$tmp/out" || fail "no text line for the difference" "$(cat "$tmp/out")"
python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); sys.exit(0 if [r["name"] for r in p["runs"]] == ["base", "units 4"] else 1)' \
  "$tmp/t.backprop" || fail "the twins are not in the project"
pass

what="sweep: usage errors"
for bad in "--sweep foo=1" "--sweep lr=0" "--sweep units3=8" "--repeat 0" "--sweep lr=1,2 --sweep batch=1 --sweep epochs=1" "" \
           "--twin lr=1,2" "--twin lr=1 --repeat 2" "--twin lr=1 --sweep batch=8" "--twin units3=4"; do
  # shellcheck disable=SC2086
  run sweep --sample "$sample" --epochs 1 $bad
  [ "$status" -eq 2 ] || fail "sweep $bad: expected exit status 2, got $status"
  grep -q '^backprop-cli: ' "$tmp/err" || fail "sweep $bad: no message"
  pass
done

# Each message names the --sweep it is about (the second as well as the
# first), the setting, what it takes and the text given, as train's
# number options do (the same bp-range messages).
for case in \
  "--sweep lr=abc|--sweep lr=abc: lr takes a number above 0 and at most 1e+06, not “abc”" \
  "--sweep lr=0.1 --sweep batch=abc|--sweep batch=abc: batch takes a whole number from 1 to 65536, not “abc”" \
  "--sweep lr=0.1 --sweep lr=0.2|--sweep lr=0.2: lr: this setting is swept twice" \
  "--sweep lr=1e-1..1e-4:0|--sweep lr=1e-1..1e-4:0: the number of steps takes a whole number from 1 to 1000, not “0”" \
  "--sweep lr=1e-1..x:3|--sweep lr=1e-1..x:3: lr takes a number above 0 and at most 1e+06, not “x”" \
  "--sweep units2=4,0|--sweep units2=4,0: units2 takes a whole number from 1 to 4096, not “0”" \
  "--sweep optimizer=sgd,adagrad|--sweep optimizer=sgd,adagrad: optimizer takes sgd, momentum, rmsprop, adam or adamw, not “adagrad”" \
  "--twin epochs=2.5|--twin epochs=2.5: epochs takes a whole number from 1 to 1000000, not “2.5”"; do
  args=${case%%|*}; message=${case#*|}
  what="sweep $args: the message"
  # shellcheck disable=SC2086
  run sweep --sample "$sample" --epochs 1 $args
  expect_status 2
  [ "$(cat "$tmp/err")" = "backprop-cli: $message" ] || fail "stderr should be \"backprop-cli: $message\""
  pass
done

what="sweep: dropout=0.9, the largest dropout, is taken"
run sweep --sample "$sample" --epochs 1 --sweep dropout=0,0.9 --json
expect_status 0

echo "cli-sweep: $checks checks passed"
