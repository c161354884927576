#!/bin/sh
# test-cli.sh: backprop-cli inspect, train --save, evaluate and predict, end to end.
#
# Needs $BP_CLI (the program), $BP_SAMPLES (resources/samples) and
# $BP_TEST_DATA (tests/data); meson test sets all three. JSON is checked
# with python3's standard json module. Stops at the first failure.
#
# The German-locale check needs de_DE.UTF-8; without it the check is
# skipped with a note, unless $BP_REQUIRE_DE_LOCALE is set (as on CI).

set -u

. "$(dirname "$0")/cli-lib.sh"
cli_setup cli
: "${BP_SAMPLES:?BP_SAMPLES must name resources/samples}"
: "${BP_TEST_DATA:?BP_TEST_DATA must name tests/data}"

[ -f "$BP_SAMPLES/iris.csv" ] || fail "no iris.csv in BP_SAMPLES=$BP_SAMPLES"
[ -d "$BP_TEST_DATA" ] || fail "BP_TEST_DATA=$BP_TEST_DATA is not a directory"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to check JSON output"

iris="$BP_SAMPLES/iris.csv"
cancer="$BP_SAMPLES/breast_cancer.csv"

# run_de ARG...: run, under a German locale (decimal comma).
run_de () {
  LC_ALL=de_DE.UTF-8 "$BP_CLI" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

# expect_out TEXT: stdout contains TEXT.
expect_out () {
  grep -F -q -- "$1" "$tmp/out" || fail "stdout does not contain \"$1\"" "stdout was:" "$(head -n 30 "$tmp/out")"
  pass
}

# expect_json EXPR: EXPR, a Python expression over the parsed stdout `d`,
# is true.
expect_json () {
  python3 - "$tmp/out" "$1" <<'EOF' || fail "JSON check failed: $1"
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
except ValueError as e:
    print("  stdout is not JSON: %s" % e, file=sys.stderr)
    sys.exit(1)
def column(name):
    for c in d["columns"]:
        if c["name"] == name:
            return c
    raise KeyError("no column %r" % name)
try:
    ok = eval(sys.argv[2], {"d": d, "column": column, "abs": abs, "len": len, "any": any, "all": all})
except Exception as e:
    print("  %s: %s" % (type(e).__name__, e), file=sys.stderr)
    ok = False
if not ok:
    print("  JSON was: %s" % json.dumps(d)[:1500], file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
  pass
}

# expect_stderr_prefix PREFIX: the first line of stderr starts with PREFIX.
expect_stderr_prefix () {
  first=$(head -n 1 "$tmp/err")
  case "$first" in
    "$1"*) ;;
    *) fail "stderr should start with \"$1\"" "first line: \"$first\"" ;;
  esac
  pass
}

# ---- inspect, text ---------------------------------------------------------

what="inspect iris.csv (text)"
run inspect "$iris"
expect_status 0
expect_out species
expect_out multiclass
expect_out setosa
expect_out virginica

# ---- inspect --json ---------------------------------------------------------

what="inspect --json iris.csv"
run inspect --json "$iris"
expect_status 0
expect_json 'd["rows"] == 150'
expect_json 'len(d["columns"]) == 5'
expect_json 'd["target"] == "species"'
expect_json 'd["task"] == "multiclass"'
expect_json 'd["classes"] == ["setosa", "versicolor", "virginica"]'
# Sorted by species: the last 20% would validate on virginica alone, so the
# default split is stratified, and a note says why.
expect_json 'd["split"]["method"] == "stratified" and "setosa" in d["split"]["note"]'
expect_json 'not any("virginica" in w for w in d["warnings"])'
expect_json 'd["split"]["train"] == 120 and d["split"]["validation"] == 30 and d["split"]["test"] == 0'
expect_json 'd["delimiter"] == "," and d["header"] is True and d["decimal_comma"] is False'
expect_json 'column("species")["role"] == "target" and column("sepal_length_cm")["role"] == "feature"'
expect_json 'abs(column("sepal_length_cm")["mean"] - 5.843333) <= 1e-6'

what="inspect --json --split keras iris.csv (file order kept, with a warning)"
run inspect --json --split keras "$iris"
expect_status 0
expect_json 'd["split"]["method"] == "keras" and "note" not in d["split"]'
expect_json 'len(d["warnings"]) > 0'
expect_json 'any("virginica" in w and "sorted" in w for w in d["warnings"])'

what="inspect --json breast_cancer.csv"
run inspect --json "$cancer"
expect_status 0
expect_json 'd["rows"] == 569'
expect_json 'd["target"] == "diagnosis"'
expect_json 'd["task"] == "binary"'
expect_json 'd["classes"] == ["benign", "malignant"]'
expect_json 'd["split"]["method"] == "keras"'
expect_json 'd["split"]["train"] == 455 and d["split"]["validation"] == 114 and d["split"]["test"] == 0'
expect_json 'd["inputs"] == 30 and d["outputs"] == 1'

# ---- a German locale does not change how numbers are read or written -------

what="inspect --json iris.csv under LC_ALL=de_DE.UTF-8"
if locale -a 2>/dev/null | grep -i -q '^de_DE\.utf-\{0,1\}8$'; then
  run_de inspect --json "$iris"
  expect_status 0
  expect_json 'abs(column("sepal_length_cm")["mean"] - 5.843333) <= 1e-6'
  expect_json 'abs(column("petal_width_cm")["min"] - 0.1) <= 1e-12'
  # A fraction given on the command line the C way.
  run_de inspect --json --validation-split 0.25 "$iris"
  expect_status 0
  expect_json 'd["split"]["validation"] == 38 and d["split"]["train"] == 112'
elif [ -n "${BP_REQUIRE_DE_LOCALE:-}" ]; then
  fail "the de_DE.UTF-8 locale is not installed, and BP_REQUIRE_DE_LOCALE is set"
else
  echo "cli: note: de_DE.UTF-8 is not installed; skipping the German-locale check"
fi

# ---- bad input: exit 1, message FILE:LINE:COL -------------------------------

what="a ragged file"
printf 'a,b,c\n1,2,3\n4,5\n6,7,8\n' >"$tmp/ragged.csv"
run inspect "$tmp/ragged.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/ragged.csv:3:"

what="a ragged file (--json)"
run inspect --json "$tmp/ragged.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/ragged.csv:3:"

what="a missing file"
run inspect "$tmp/does-not-exist.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/does-not-exist.csv"

what="a task the data cannot have (--task binary on iris)"
run inspect "$iris" --task binary
expect_status 1
expect_stderr_prefix "backprop-cli: $iris: "
grep -q "binary classification needs exactly 2" "$tmp/err" || fail "stderr does not say why"
pass

# ---- usage errors: exit 2 ---------------------------------------------------

what="--validation-split 1.5"
run inspect "$iris" --validation-split 1.5
expect_status 2
expect_stderr_prefix "backprop-cli: inspect: --validation-split takes a number from 0 up to (not including) 1, not “1.5”"

what="no arguments"
run
expect_status 2
[ -s "$tmp/err" ] || fail "nothing was printed on stderr"
pass

what="an unknown command"
run frobnicate "$iris"
expect_status 2
grep -q frobnicate "$tmp/err" || fail "stderr does not name the command"
pass

what="inspect without a file"
run inspect
expect_status 2

what="--task bogus"
run inspect "$iris" --task bogus
expect_status 2
expect_stderr_prefix "backprop-cli: "

what="--target with an unknown column"
run inspect "$iris" --target no_such_column
expect_status 2
expect_stderr_prefix "backprop-cli: "
grep -q no_such_column "$tmp/err" || fail "stderr does not name the column"
pass

what="--delimiter x"
run inspect "$iris" --delimiter x
expect_status 2
expect_stderr_prefix "backprop-cli: "

what="--split bogus"
run inspect "$iris" --split bogus
expect_status 2

what="an unknown option"
run inspect "$iris" --no-such-option
expect_status 2

# ---- dialects ---------------------------------------------------------------

what="a ;-separated file with decimal commas"
printf 'height;weight;group\n1,5;10,25;a\n2,5;20,5;b\n3,5;30,75;a\n4,5;40;b\n' >"$tmp/comma.csv"
run inspect --json "$tmp/comma.csv"
expect_status 0
expect_json 'd["delimiter"] == ";" and d["decimal_comma"] is True'
expect_json 'd["rows"] == 4 and len(d["columns"]) == 3'
expect_json 'column("height")["type"] == "numeric" and abs(column("height")["mean"] - 3.0) <= 1e-9'
expect_json 'column("weight")["type"] == "numeric" and abs(column("weight")["mean"] - 25.375) <= 1e-9'
expect_json 'column("weight")["min"] == 10.25 and column("weight")["max"] == 40'

# ---- splits and roles -------------------------------------------------------

what="--split stratified --seed 3"
run inspect --json "$iris" --split stratified --seed 3
expect_status 0
expect_json 'd["split"]["method"] == "stratified"'
expect_json 'd["split"]["train"] == 120 and d["split"]["validation"] == 30'
expect_json 'not any("virginica" in w for w in d["warnings"])'
cp "$tmp/out" "$tmp/first.json"
run inspect --json "$iris" --split stratified --seed 3
expect_status 0
cmp -s "$tmp/out" "$tmp/first.json" || fail "two runs with the same seed printed different output"
pass

what="--split shuffle --test-split 0.1"
run inspect --json "$cancer" --split shuffle --seed 11 --test-split 0.1
expect_status 0
expect_json 'd["split"]["method"] == "shuffle"'
expect_json 'd["split"]["validation"] == 114 and d["split"]["test"] == 57 and d["split"]["train"] == 398'

what="--ignore sepal_length_cm"
run inspect --json "$iris" --ignore sepal_length_cm
expect_status 0
expect_json 'column("sepal_length_cm")["role"] == "ignored"'
expect_json 'column("sepal_width_cm")["role"] == "feature"'
expect_json 'd["inputs"] == 3'

what="--ignore twice, by name and by number"
run inspect --json "$iris" --ignore sepal_length_cm --ignore 2
expect_status 0
expect_json 'column("sepal_length_cm")["role"] == "ignored" and column("sepal_width_cm")["role"] == "ignored"'
expect_json 'd["inputs"] == 2'

what="--ignore an unknown column"
run inspect "$iris" --ignore no_such_column
expect_status 2

what="--help"
run --help
expect_status 0
expect_out inspect

# ---- train --save, evaluate, predict ------------------------------------------

# expect_csv EXPR: EXPR, a Python expression over the rows of $tmp/out read
# as CSV (`rows`, the header first), is true.
expect_csv () {
  python3 - "$tmp/out" "$1" <<'EOF' || fail "CSV check failed: $1"
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
try:
    ok = eval(sys.argv[2], {"rows": rows, "abs": abs, "len": len, "all": all, "any": any,
                            "float": float, "sum": sum, "max": max, "range": range})
except Exception as e:
    print("  %s: %s" % (type(e).__name__, e), file=sys.stderr)
    ok = False
if not ok:
    print("  CSV began: %r" % rows[:3], file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
  pass
}

what="train --save (iris)"
run train "$iris" --epochs 5 --split stratified --seed 2 --layers 16:relu --save "$tmp/iris.json" --json
expect_status 0
[ -s "$tmp/iris.json" ] || fail "no model file was written"
pass
tail -n 1 "$tmp/out" >"$tmp/final.json"
cp "$tmp/final.json" "$tmp/out"
expect_json 'd["saved"].endswith("iris.json")'
cp "$tmp/iris.json" "$tmp/out"
expect_json 'd["format"] == "backprop-model" and d["version"] == 1'
expect_json 'd["target"]["classes"] == ["setosa", "versicolor", "virginica"] and d["task"] == "multiclass"'
expect_json 'd["weights"]["count"] == 4 * 16 + 16 + 16 * 3 + 3 and d["weights"]["dtype"] == "float32-le"'
expect_json 'len(d["history"]) == 5 and d["training"]["split"] == "stratified" and d["training"]["epochs"] == 5'

what="train --scale-target (regression results stay in the target's units)"
run train "$BP_SAMPLES/diabetes.csv" --epochs 20 --scale-target --quiet --save "$tmp/diabetes.json"
expect_status 0
expect_json 'd["task"] == "regression" and 20 < d["val_mae"] < 120 and d["val_loss"] < 5'
run predict "$tmp/diabetes.json" "$BP_SAMPLES/diabetes.csv" -o "$tmp/diabetes-pred.csv"
expect_status 0
cp "$tmp/diabetes-pred.csv" "$tmp/out"
expect_csv 'rows[0] == ["progression"] and len(rows) == 443 and 25 < sum(float(r[0]) for r in rows[1:]) / 442 < 350'

# ---- defaults that give a sensible first result ----------------------------

# epochs FILE: the --json epoch lines of FILE without their timings.
epochs () {
  grep '^{"epoch"' "$1" | sed -E 's/, "(seconds|samples_per_second)": [^,}]*//g'
}

# final_json: the last line of stdout, parsed as the final summary.
final_json () {
  tail -n 1 "$tmp/out" >"$tmp/final.json"
  cp "$tmp/final.json" "$tmp/out"
}

what="train with defaults: iris (sorted by species) is split stratified, with a note"
run train "$iris" --json --save "$tmp/iris-auto.json"
expect_status 0
grep -q "^backprop-cli: note: .*“setosa”.*--split keras" "$tmp/err" || fail "no note about the stratified split on stderr"
pass
final_json
expect_json 'd["val_accuracy"] >= 0.90'
# The model file names the split made.
cp "$tmp/iris-auto.json" "$tmp/out"
expect_json 'd["training"]["split"] == "stratified"'

what="train --split keras on iris keeps the file order, without the note"
run train "$iris" --split keras --json
expect_status 0
grep -q "note:" "$tmp/err" && fail "a note although --split keras was given"
pass
final_json
expect_json 'd["validation_rows"] == 30 and d["val_accuracy"] < 0.90'

what="train with defaults: wine (sorted by cultivar)"
run train "$BP_SAMPLES/wine.csv" --json
expect_status 0
grep -q "note:" "$tmp/err" || fail "no note about the stratified split"
pass
final_json
expect_json 'd["val_accuracy"] >= 0.90'

what="train with defaults: breast_cancer keeps the Keras split, as --split keras"
run train "$cancer" --json
expect_status 0
[ -s "$tmp/err" ] && fail "train printed to stderr"
pass
epochs "$tmp/out" >"$tmp/default-epochs"
run train "$cancer" --json --split keras
expect_status 0
epochs "$tmp/out" >"$tmp/keras-epochs"
[ "$(wc -l <"$tmp/default-epochs")" -eq 10 ] && cmp -s "$tmp/default-epochs" "$tmp/keras-epochs" ||
  fail "the default run on breast_cancer differs from --split keras"
pass

what="train with defaults: diabetes standardizes its target (MAE in its units)"
run train "$BP_SAMPLES/diabetes.csv" --quiet
expect_status 0
expect_json 'd["task"] == "regression" and d["val_mae"] <= 50'
cp "$tmp/out" "$tmp/diabetes-default.json"
run train "$BP_SAMPLES/diabetes.csv" --quiet --scale-target
expect_status 0
python3 - "$tmp/out" "$tmp/diabetes-default.json" <<'EOF2' || fail "--scale-target is not the default"
import json, sys
a, b = (json.loads(open(p).read().splitlines()[-1]) for p in sys.argv[1:])
sys.exit(0 if a["val_mae"] == b["val_mae"] and a["val_loss"] == b["val_loss"] else 1)
EOF2
pass
run train "$BP_SAMPLES/diabetes.csv" --quiet --no-scale-target
expect_status 0
expect_json 'd["val_mae"] > 60'
run train "$BP_SAMPLES/diabetes.csv" --scale-target --no-scale-target
expect_status 2
expect_stderr_prefix "backprop-cli: --scale-target and --no-scale-target"

what="train (text): the last lines are sentences, with the baseline"
run train "$iris" --epochs 3
expect_status 0
expect_out "Finished 3 epochs in "
grep -q "^Validation accuracy [0-9.]*% — always answering “[a-z]*” scores 33.3%\.$" "$tmp/out" ||
  fail "no baseline line" "$(tail -n 3 "$tmp/out")"
pass
grep -q "Stopped:" "$tmp/out" && fail "the old last line is still printed"
pass
run train "$BP_SAMPLES/diabetes.csv" --epochs 2
expect_status 0
expect_out "Finished 2 epochs in "
expect_out "— always answering the training mean, "
run train "$iris" --epochs 50 --early-stopping 1 --min-delta 10
expect_status 0
expect_out "Stopped early after 2 epochs ("
expect_out "): the validation loss stopped improving."

what="inspect penguins: one odd class is too few to learn, not a sorted file"
run inspect --json "$BP_TEST_DATA/penguins.csv"
expect_status 0
expect_json 'd["target"] == "Sex" and d["classes"] == [".", "FEMALE", "MALE"]'
expect_json 'd["split"]["method"] == "keras" and "note" not in d["split"]'
expect_json 'any("“.” has only 1 row — too few to learn" in w for w in d["warnings"])'
expect_json 'not any("sorted" in w for w in d["warnings"])'

what="train --save (text output says where)"
run train "$iris" --epochs 1 --save "$tmp/iris-text.json"
expect_status 0
expect_out "Model saved to $tmp/iris-text.json"

what="evaluate --json iris"
run evaluate "$tmp/iris.json" "$iris" --json
expect_status 0
expect_json 'd["rows"] == 150 and d["task"] == "multiclass" and d["target"] == "species"'
expect_json 'd["classes"] == ["setosa", "versicolor", "virginica"]'
expect_json 'len(d["confusion"]) == 3 and all(len(r) == 3 for r in d["confusion"])'
expect_json '[sum(r) for r in d["confusion"]] == [50, 50, 50]'
expect_json 'abs(d["accuracy"] - sum(d["confusion"][i][i] for i in range(3)) / 150) < 1e-12'
expect_json 'len(d["per_class"]) == 3 and d["per_class"][0]["class"] == "setosa" and d["per_class"][0]["support"] == 50'
expect_json 'd["weighted_avg"]["support"] == 150 and 0 <= d["macro_avg"]["f1"] <= 1'
expect_json 'd["loss"] > 0 and d["loss_function"] == "categorical_crossentropy" and "roc_auc" not in d'
cp "$tmp/out" "$tmp/iris-eval.json"

what="evaluate iris (text)"
run evaluate "$tmp/iris.json" "$iris"
expect_status 0
expect_out "Confusion matrix"
expect_out "accuracy"
expect_out "weighted avg"

what="predict iris"
run predict "$tmp/iris.json" "$iris"
expect_status 0
expect_csv 'rows[0] == ["species", "p_setosa", "p_versicolor", "p_virginica"]'
expect_csv 'len(rows) == 151 and all(len(r) == 4 for r in rows)'
expect_csv 'all(abs(sum(float(x) for x in r[1:]) - 1) < 1e-5 for r in rows[1:])'
expect_csv 'all(r[0] == rows[0][1 + max(range(3), key=lambda i: float(r[1 + i]))][2:] for r in rows[1:])'
cp "$tmp/out" "$tmp/iris-pred.csv"
# The predicted classes score what evaluate says they score.
python3 - "$tmp/iris-pred.csv" "$iris" "$tmp/iris-eval.json" <<'EOF' || fail "predict and evaluate disagree"
import csv, json, sys
pred = list(csv.DictReader(open(sys.argv[1], newline="")))
truth = list(csv.DictReader(open(sys.argv[2], newline="")))
acc = json.load(open(sys.argv[3]))["accuracy"]
right = sum(p["species"] == t["species"] for p, t in zip(pred, truth))
sys.exit(0 if len(pred) == len(truth) and abs(right / len(truth) - acc) < 1e-12 else 1)
EOF
pass

what="predict -o"
run predict "$tmp/iris.json" "$iris" -o "$tmp/pred.csv"
expect_status 0
[ ! -s "$tmp/out" ] || fail "predict -o also wrote to stdout"
cmp -s "$tmp/pred.csv" "$tmp/iris-pred.csv" || fail "predict -o wrote something else than stdout"
pass

what="predict under LC_ALL=de_DE.UTF-8 writes the same numbers"
if locale -a 2>/dev/null | grep -i -q '^de_DE\.utf-\{0,1\}8$'; then
  run_de predict "$tmp/iris.json" "$iris"
  expect_status 0
  cmp -s "$tmp/out" "$tmp/iris-pred.csv" || fail "the German locale changed the predictions file"
  pass
fi

what="binary: train --save, evaluate on the validation rows, predict"
run train "$cancer" --epochs 4 --layers 8:relu --save "$tmp/cancer.json" --quiet
expect_status 0
cp "$tmp/out" "$tmp/cancer-train.json"
# The Keras split validates on the last 114 rows: evaluate them alone.
{ head -n 1 "$cancer"; tail -n 114 "$cancer"; } >"$tmp/cancer-val.csv"
run evaluate "$tmp/cancer.json" "$tmp/cancer-val.csv" --json
expect_status 0
expect_json 'd["rows"] == 114 and d["task"] == "binary" and d["classes"] == ["benign", "malignant"]'
expect_json '0.5 <= d["roc_auc"] <= 1'
python3 - "$tmp/cancer-train.json" "$tmp/out" <<'EOF' || fail "evaluate does not reproduce the final validation scores"
import json, sys
train = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
ev = json.load(open(sys.argv[2]))
ok = abs(train["val_accuracy"] - ev["accuracy"]) < 1e-12 and abs(train["val_loss"] - ev["loss"]) < 1e-5
if not ok:
    print("  train: %s %s; evaluate: %s %s" % (train["val_accuracy"], train["val_loss"], ev["accuracy"], ev["loss"]), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
pass
run predict "$tmp/cancer.json" "$tmp/cancer-val.csv"
expect_status 0
expect_csv 'rows[0] == ["diagnosis", "p_benign", "p_malignant"] and len(rows) == 115'
expect_csv 'all(abs(float(r[1]) + float(r[2]) - 1) < 1e-6 for r in rows[1:])'

what="regression: train --save, evaluate, predict"
diabetes="$BP_SAMPLES/diabetes.csv"
run train "$diabetes" --epochs 3 --layers 8:relu --save "$tmp/diabetes.json" --quiet
expect_status 0
run evaluate "$tmp/diabetes.json" "$diabetes" --json
expect_status 0
expect_json 'd["task"] == "regression" and d["rows"] == 442 and d["mae"] > 0 and d["rmse"] >= d["mae"] and d["r2"] <= 1'
expect_json '"accuracy" not in d and "confusion" not in d'
run predict "$tmp/diabetes.json" "$diabetes"
expect_status 0
expect_csv 'rows[0] == ["progression"] and len(rows) == 443 and all(len(r) == 1 for r in rows)'
expect_csv 'all(abs(float(r[0])) < 1e6 for r in rows[1:])'

what="predict: a column the model needs is missing"
cut -d, -f1-3,5 "$iris" >"$tmp/no-petal-width.csv"
run predict "$tmp/iris.json" "$tmp/no-petal-width.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/no-petal-width.csv: the model needs column “petal_width_cm”"

what="predict: a category not seen in training"
printf 'size,colour,label\n1.5,red,a\n2.5,green,b\n3.5,blue,a\n4.5,red,b\n5.5,green,a\n6.5,blue,b\n7.5,red,a\n8.5,green,b\n' >"$tmp/colours.csv"
run train "$tmp/colours.csv" --epochs 1 --layers 4:relu --save "$tmp/colours.json" --quiet
expect_status 0
printf 'size,colour\n1.5,red\n2.5,purple\n' >"$tmp/new-colours.csv"
run predict "$tmp/colours.json" "$tmp/new-colours.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/new-colours.csv:3: column “colour”: “purple” was not seen in training"

what="predict: missing values are filled and every row kept"
printf 'size,colour\n1.5,red\n,green\n3.5,\n' >"$tmp/gaps.csv"
run predict "$tmp/colours.json" "$tmp/gaps.csv"
expect_status 0
expect_csv 'rows[0] == ["label", "p_a", "p_b"] and len(rows) == 4'
grep -q "missing values were filled in" "$tmp/err" || fail "no warning about the filled values"
pass

what="evaluate: the file has no target column"
run evaluate "$tmp/colours.json" "$tmp/new-colours.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/new-colours.csv: there is no column “label”"

what="a model file that is not JSON"
printf '{"format": "backprop-model",\n' >"$tmp/bad.json"
run predict "$tmp/bad.json" "$iris"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/bad.json:"

what="a model file with the wrong weight count"
python3 - "$tmp/iris.json" "$tmp/count.json" <<'EOF' || fail "could not write the corrupt model"
import json, sys
d = json.load(open(sys.argv[1]))
d["weights"]["count"] += 1
json.dump(d, open(sys.argv[2], "w"))
EOF
run evaluate "$tmp/count.json" "$iris"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/count.json: weights: expected 131 float32 values, found 132"

what="a model file that is a CSV file"
run predict "$iris" "$iris"
expect_status 1
expect_stderr_prefix "backprop-cli: $iris:"

what="a missing model file"
run predict "$tmp/none.json" "$iris"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/none.json: "

what="train --save where no file can be written"
run train "$iris" --epochs 1 --save "$tmp/no-such-dir/model.json" --quiet
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/no-such-dir/model.json: "

what="predict -o where no file can be written"
run predict "$tmp/iris.json" "$iris" -o "$tmp/no-such-dir/pred.csv"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/no-such-dir/pred.csv: "

what="train --target with an unknown column"
run train "$iris" --target no_such_column --epochs 1
expect_status 2
expect_stderr_prefix "backprop-cli: "

what="predict with one file"
run predict "$tmp/iris.json"
expect_status 2

what="evaluate with an unknown option"
run evaluate "$tmp/iris.json" "$iris" --no-such-option
expect_status 2

# ---- --sample: generated sets instead of a file ------------------------------

what="inspect --sample xor:40:0"
run inspect --json --sample xor:40:0
expect_status 0
expect_json 'd["file"] == "xor.csv" and d["rows"] == 40 and len(d["columns"]) == 3'
expect_json 'd["target"] == "label" and d["task"] == "binary" and d["classes"] == ["0", "1"]'
expect_json 'column("x1")["type"] == "numeric" and -1 <= column("x1")["min"] and column("x1")["max"] <= 1'
expect_json 'd["split"]["train"] == 32 and d["split"]["validation"] == 8'
cp "$tmp/out" "$tmp/sample.json"
run inspect --json --sample xor:40:0
cmp -s "$tmp/out" "$tmp/sample.json" || fail "the same --sample and seed described another set"
pass
run inspect --json --sample xor:40:0 --seed 1
expect_status 0
cmp -s "$tmp/out" "$tmp/sample.json" && fail "--seed 1 generated the same set as --seed 0"
pass

what="inspect --sample spiral (defaults: 500 rows)"
run inspect --sample spiral
expect_status 0
expect_out "spiral.csv"
expect_out "500 rows"

what="train --sample circles learns the circles"
run train --sample circles --epochs 100 --layers 8:tanh --lr 0.01 --quiet
expect_status 0
expect_json 'd["task"] == "binary" and d["train_rows"] == 400 and d["validation_rows"] == 100'
expect_json 'd["val_accuracy"] >= 0.9'

what="--sample with an unknown set"
run inspect --sample moons
expect_status 2
expect_stderr_prefix "backprop-cli: --sample takes NAME[:ROWS[:NOISE]]"
grep -q "circles, xor, gaussians or spiral" "$tmp/err" || fail "stderr does not list the sets"
pass

what="--sample with too few rows, or too much noise"
run train --sample spiral:3
expect_status 2
expect_stderr_prefix "backprop-cli: --sample: "
run inspect --sample spiral:100:7
expect_status 2
expect_stderr_prefix "backprop-cli: --sample: "

what="--sample and a file"
run inspect --sample xor "$iris"
expect_status 2
expect_stderr_prefix "backprop-cli: inspect takes one CSV file or --sample"

what="--sample with an option for reading files"
run train --sample xor --delimiter ';'
expect_status 2
expect_stderr_prefix "backprop-cli: --sample makes its own data"

# ---- projects: --save-project, then --project ------------------------------

what="train --save-project, then --project: the same run"
mkdir -p "$tmp/proj/data"
cp "$iris" "$tmp/proj/data/flowers.csv"
run train "$tmp/proj/data/flowers.csv" --json --seed 3 --epochs 3 --layers 16:tanh --lr 0.01 --split shuffle \
  --ignore sepal_width_cm --type petal_width_cm:categorical --save-project "$tmp/proj/course.backprop"
expect_status 0
cp "$tmp/out" "$tmp/first"
[ "$(epochs "$tmp/first" | wc -l)" -eq 3 ] || fail "expected 3 epoch lines" "$(cat "$tmp/first")"
grep -q '"path": "data/flowers.csv"' "$tmp/proj/course.backprop" ||
  fail "the data path is not relative to the project" "$(head -n 8 "$tmp/proj/course.backprop")"
pass
# From another folder, so the relative path must be resolved from the project's.
(cd "$tmp" && "$BP_CLI" train --project proj/course.backprop --json >"$tmp/out" 2>"$tmp/err")
status=$?
expect_status 0
epochs "$tmp/first" >"$tmp/first-epochs"
epochs "$tmp/out" >"$tmp/second-epochs"
cmp -s "$tmp/first-epochs" "$tmp/second-epochs" ||
  fail "the project's run differs" "first: $(cat "$tmp/first-epochs")" "second: $(cat "$tmp/second-epochs")"
pass
grep -q '"inputs": 24' "$tmp/out" || fail "petal width was not one-hot and sepal width not left out" "$(tail -n 1 "$tmp/out")"
pass

what="--project with an option given: the option wins"
run train --project "$tmp/proj/course.backprop" --epochs 2 --quiet
expect_status 0
expect_json 'd["epochs"] == 2 and d["seed"] == 3 and d["model"]["layers"][0]["units"] == 16'

what="--save-project --sample, then --project: the same generated set and run"
run train --sample spiral:200:0.2 --seed 4 --epochs 2 --layers 8:relu --json --save-project "$tmp/spiral.backprop"
expect_status 0
epochs "$tmp/out" >"$tmp/first-epochs"
grep -q '"data": {"kind": "generated", "name": "spiral", "rows": 200, "noise": 0.2, "seed": 4}' "$tmp/spiral.backprop" ||
  fail "the generated set is not in the project" "$(head -n 8 "$tmp/spiral.backprop")"
run train --project "$tmp/spiral.backprop" --json
expect_status 0
epochs "$tmp/out" >"$tmp/second-epochs"
[ -s "$tmp/first-epochs" ] && cmp -s "$tmp/first-epochs" "$tmp/second-epochs" ||
  fail "the project's run differs" "first: $(cat "$tmp/first-epochs")" "second: $(cat "$tmp/second-epochs")"
pass

what="--save-project keeps a copy of the CSV"
python3 - "$tmp/proj/course.backprop" "$tmp/proj/data/flowers.csv" <<'EOF' || fail "the project's data.copy is not the CSV"
import base64, json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    project = json.load(f)
with open(sys.argv[2], "rb") as f:
    assert base64.b64decode(project["data"]["copy"], validate=True) == f.read()
EOF
pass

what="--project whose CSV is missing: the copy, with a note"
mv "$tmp/proj/data/flowers.csv" "$tmp/proj/data/moved.csv"
run train --project "$tmp/proj/course.backprop" --json --save-project "$tmp/proj/again.backprop"
expect_status 0
expect_stderr_prefix "backprop-cli: note: $tmp/proj/data/flowers.csv cannot be opened; using the copy saved in $tmp/proj/course.backprop"
epochs "$tmp/first" >"$tmp/first-epochs"
epochs "$tmp/out" >"$tmp/second-epochs"
cmp -s "$tmp/first-epochs" "$tmp/second-epochs" ||
  fail "the run on the copy differs" "first: $(cat "$tmp/first-epochs")" "second: $(cat "$tmp/second-epochs")"
pass
# Saved again with the CSV gone, the project keeps the copy.
python3 - "$tmp/proj/course.backprop" "$tmp/proj/again.backprop" <<'EOF' || fail "the copy was not kept"
import json, sys
copies = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        copies.append(json.load(f)["data"]["copy"])
assert copies[0] and copies[0] == copies[1]
EOF
pass

what="--project whose CSV is missing, with no copy"
python3 - "$tmp/proj/course.backprop" "$tmp/proj/nocopy.backprop" <<'EOF' || fail "cannot write a project without a copy"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    project = json.load(f)
del project["data"]["copy"]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(project, f)
EOF
run train --project "$tmp/proj/nocopy.backprop"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/proj/data/flowers.csv: "

what="--project with the CSV given on the command line"
run train --project "$tmp/proj/course.backprop" "$tmp/proj/data/moved.csv" --quiet
expect_status 0
expect_json 'd["epochs"] == 3 and d["model"]["inputs"] == 24'

what="--project that is not a project"
run train --project "$iris"
expect_status 1
expect_stderr_prefix "backprop-cli: $iris:1:"
run train --project "$tmp/none.backprop"
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/none.backprop: the project cannot be read: no such file"

# ---- bad input, each a clear error (issue 18) ------------------------------

# expect_stderr TEXT: stderr is exactly TEXT (one line).
expect_stderr () {
  [ "$(cat "$tmp/err")" = "$1" ] || fail "stderr should be \"$1\""
  pass
}

what="fractions whose rounded-up shares take every row (inspect, 3 rows)"
printf 'a,b\n1,2\n3,4\n5,6\n' >"$tmp/three.csv"
run inspect "$tmp/three.csv" --validation-split 0.4 --test-split 0.4
expect_status 1
expect_stderr "backprop-cli: $tmp/three.csv: No training rows are left: 3 rows, all taken for validation and test"

what="fractions whose rounded-up shares take every row (train iris)"
run train "$iris" --validation-split 0.501 --test-split 0.495
expect_status 1
expect_stderr "backprop-cli: $iris: No training rows are left: 150 rows, all taken for validation and test"

what="fractions whose rounded-up shares take every row (a project)"
run train "$iris" --epochs 1 --quiet --save-project "$tmp/shares.backprop"
expect_status 0
sed -i -e 's/"validation_fraction": [0-9.e-]*/"validation_fraction": 0.501/' \
  -e 's/"test_fraction": [0-9.e-]*/"test_fraction": 0.495/' "$tmp/shares.backprop"
grep -q '"test_fraction": 0.495' "$tmp/shares.backprop" || fail "could not edit the project"
run train --project "$tmp/shares.backprop"
expect_status 1
expect_stderr "backprop-cli: $iris: No training rows are left: 150 rows, all taken for validation and test"

# Every option that takes a number, given NaN, infinity or a number too
# large for its setting: NaN marks an option not given inside the CLI, so
# these used to train with the defaults. Then values out of range and
# whole-number options: the same message, naming the option, what it takes
# and the text given (bp-range, which sweep's values use too).
for case in \
  "inspect|--validation-split|nan|a number from 0 up to (not including) 1" \
  "inspect|--test-split|inf|a number from 0 up to (not including) 1" \
  "train|--validation-split|nan|a number from 0 up to (not including) 1" \
  "train|--test-split|-inf|a number from 0 up to (not including) 1" \
  "train|--dropout|nan|a number from 0 to 0.9" \
  "train|--lr|nan|a number above 0 and at most 3.4e+38" \
  "train|--lr|1e308|a number above 0 and at most 3.4e+38" \
  "train|--lr|1e309|a number above 0 and at most 3.4e+38" \
  "train|--lr|inf|a number above 0 and at most 3.4e+38" \
  "train|--momentum|nan|a number from 0 up to (not including) 1" \
  "train|--weight-decay|nan|a number from 0 to 3.4e+38" \
  "train|--l1|inf|a number from 0 to 3.4e+38" \
  "train|--l2|nan|a number from 0 to 3.4e+38" \
  "train|--clip-norm|nan|a number from 0 to 3.4e+38" \
  "train|--label-smoothing|nan|a number from 0 up to (not including) 1" \
  "train|--min-delta|nan|a number of 0 or more" \
  "train|--target-metric|nan|a finite number" \
  "train|--time-limit|inf|a number of 0 or more" \
  "train|--lr|0|a number above 0 and at most 3.4e+38" \
  "train|--dropout|2|a number from 0 to 0.9" \
  "train|--momentum|1|a number from 0 up to (not including) 1" \
  "train|--validation-split|2|a number from 0 up to (not including) 1" \
  "train|--epochs|0|a whole number from 1 to 1000000" \
  "train|--epochs|abc|a whole number from 1 to 1000000" \
  "train|-e|1.5|a whole number from 1 to 1000000" \
  "train|--batch-size|100000|a whole number from 1 to 65536" \
  "train|--threads|0|a whole number of 1 or more" \
  "train|--early-stopping|-1|a whole number of 0 or more" \
  "sweep|--lr|abc|a number above 0 and at most 3.4e+38"; do
  command=${case%%|*}; rest=${case#*|}
  option=${rest%%|*}; rest=${rest#*|}
  value=${rest%%|*}; range=${rest#*|}
  what="$command $option $value"
  run "$command" "$iris" "$option" "$value"
  expect_status 2
  # Out of range as much as not a number, in one shape; -e is --epochs.
  [ "$option" = -e ] && option=--epochs
  expect_stderr "backprop-cli: $command: $option takes $range, not “$value”"
done

what="--seed -1, in the same shape"
run train "$iris" --seed -1
expect_status 2
expect_stderr "backprop-cli: --seed takes a whole number of 0 or more, not “-1”"

what="--dropout 0.9, the largest it takes (as a float32 0.9 is below the double 0.9)"
run train "$iris" --epochs 1 --dropout 0.9 --quiet
expect_status 0

what="a number beyond float32 in a feature (inspect)"
printf 'x,y\n1,2\n1e308,3\n2,4\n3,5\n' >"$tmp/huge.csv"
run inspect "$tmp/huge.csv"
expect_status 1
expect_stderr "backprop-cli: $tmp/huge.csv:3:1: column “x”: 1e308 is too large; values must be within ±3.4e38"

what="a number beyond double in a target (train): an error, not a category"
printf 'x,y\n1,2\n2,1e309\n3,4\n4,5\n' >"$tmp/huge.csv"
run train "$tmp/huge.csv" --epochs 1
expect_status 1
expect_stderr "backprop-cli: $tmp/huge.csv:3:3: column “y”: 1e309 is too large; values must be within ±3.4e38"

what="a FIFO with no writer: not a regular file, at once"
mkfifo "$tmp/fifo.csv" || fail "cannot make a FIFO"
for command in "inspect $tmp/fifo.csv" "train $tmp/fifo.csv" "predict $tmp/fifo.csv $iris"; do
  what="$command (a FIFO)"
  # shellcheck disable=SC2086
  timeout 20 "$BP_CLI" $command >"$tmp/out" 2>"$tmp/err"
  status=$?
  expect_status 1
done
expect_stderr "backprop-cli: $tmp/fifo.csv: the model cannot be read: not a regular file (a named pipe, device or socket)"
run inspect "$tmp/fifo.csv"
expect_stderr "backprop-cli: $tmp/fifo.csv: not a regular file (a named pipe, device or socket)"

# ---- issue 13: dates, type errors with FILE:LINE:COL, missing-value markers ----

what="a date column is a feature, read as years"
printf 'mpg,Year,Origin\n18,1970-01-01,USA\n15,1970-01-01,USA\n31,1982-01-01,Japan\n' >"$tmp/cars.csv"
run inspect --json "$tmp/cars.csv"
expect_status 0
expect_json '[c for c in d["columns"] if c["name"] == "Year"][0]["type"] == "datetime"'
expect_json '[c for c in d["columns"] if c["name"] == "Year"][0]["role"] == "feature"'
expect_json '[c for c in d["columns"] if c["name"] == "Year"][0]["max"] == 1982'
run inspect --json "$tmp/cars.csv" --type Year:date
expect_status 0

what="--type Year:numeric names the file, line and column"
run inspect "$tmp/cars.csv" --type Year:numeric
expect_status 1
expect_stderr_prefix "backprop-cli: $tmp/cars.csv:2:4: “1970-01-01” is not a number"

what="--missing without the empty text: empty cells are still missing"
printf 'damage,speed,phase\nNone,120,Climb\nMinor,,Approach\nNone,140,\nNA,150,Climb\n' >"$tmp/strikes.csv"
run inspect --json "$tmp/strikes.csv" --missing 'NA'
expect_status 0
expect_json 'd["columns"][0]["missing"] == 1 and d["columns"][1]["missing"] == 1 and d["columns"][2]["missing"] == 1'

what="--keep-empty: empty cells are values"
run inspect --json "$tmp/strikes.csv" --missing 'NA' --keep-empty
expect_status 0
expect_json 'd["columns"][2]["missing"] == 0 and "" in d["columns"][2]["categories"]'

what="the warning says which columns made rows go"
printf 'damage,speed,phase\nNone,120,Climb\nMinor,,Approach\nNone,140,Climb\nMinor,150,Climb\nMinor,130,Approach\nMajor,110,Climb\nMajor,,Approach\nMinor,125,Climb\n' >"$tmp/strikes2.csv"
run inspect "$tmp/strikes2.csv" --target phase
expect_status 0
grep -q 'By column: 2 in “damage”, 2 in “speed”' "$tmp/out" "$tmp/err" || fail "no count per column" "$(cat "$tmp/out")"
pass

# Warnings of the table (a name given twice, a word in a column of
# numbers) and of the dataset (rows left out) are printed once each,
# whether the run then trains, fails on a setting or diverges.
what="each warning once"
{
  echo "a,a,b,y"
  i=0
  while [ $i -lt 60 ]; do
    if [ $i -eq 5 ]; then a=unknown; else a=$i; fi
    echo "$a,$((i % 7)),$((i * 3 % 11)),$((i % 2))"
    i=$((i + 1))
  done
} >"$tmp/warns.csv"
for args in "--epochs 1" "--epochs 2 --lr 1e30" "--epochs 1 --layers 4:nope" "--epochs 1 --target nope"; do
  what="each warning once: train $args"
  # shellcheck disable=SC2086
  run train "$tmp/warns.csv" $args
  dups=$(grep 'warning' "$tmp/err" | sort | uniq -d)
  [ -z "$dups" ] || fail "a warning was printed more than once:" "$dups"
  pass
done
what="each warning once: train (the warnings are there)"
run train "$tmp/warns.csv" --epochs 2 --lr 1e30
[ "$(grep -c '^warning: ' "$tmp/err")" -eq 3 ] || fail "expected 3 warnings"
pass
what="each warning once: sweep"
run sweep "$tmp/warns.csv" --epochs 2 --sweep lr=0.01,1e6
[ "$(grep -c '^warning: ' "$tmp/err")" -eq 3 ] || fail "expected 3 warnings, once each"
pass

echo "cli: $checks checks passed"
