#!/bin/sh
# test-cli.sh: backprop-cli inspect, end to end.
#
# Needs $BP_CLI (the program), $BP_SAMPLES (resources/samples) and
# $BP_TEST_DATA (tests/data); meson test sets all three. JSON is checked
# with python3's standard json module. Stops at the first failure.
#
# The German-locale check needs de_DE.UTF-8; without it the check is
# skipped with a note, unless $BP_REQUIRE_DE_LOCALE is set (as on CI).

set -u

: "${BP_CLI:?BP_CLI must name the backprop-cli program}"
: "${BP_SAMPLES:?BP_SAMPLES must name resources/samples}"
: "${BP_TEST_DATA:?BP_TEST_DATA must name tests/data}"

checks=0
what=""

fail () {
  printf 'cli: FAIL: %s\n' "$what" >&2
  printf '  %s\n' "$@" >&2
  if [ -s "$tmp/err" ]; then
    printf '  stderr was:\n' >&2
    sed 's/^/    /' "$tmp/err" | head -n 20 >&2
  fi
  exit 1
}

pass () {
  checks=$((checks + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bp-test-cli.XXXXXX") || {
  echo "cli: FAIL: cannot make a temporary directory" >&2
  exit 1
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

[ -x "$BP_CLI" ] || { what="setup"; fail "BP_CLI=$BP_CLI is not an executable"; }
[ -f "$BP_SAMPLES/iris.csv" ] || { what="setup"; fail "no iris.csv in BP_SAMPLES=$BP_SAMPLES"; }
[ -d "$BP_TEST_DATA" ] || { what="setup"; fail "BP_TEST_DATA=$BP_TEST_DATA is not a directory"; }
command -v python3 >/dev/null 2>&1 || { what="setup"; fail "python3 is needed to check JSON output"; }

iris="$BP_SAMPLES/iris.csv"
cancer="$BP_SAMPLES/breast_cancer.csv"

# run ARG...: run the CLI; stdout in $tmp/out, stderr in $tmp/err, exit
# status in $status.
run () {
  "$BP_CLI" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

# run_de ARG...: the same under a German locale (decimal comma).
run_de () {
  LC_ALL=de_DE.UTF-8 "$BP_CLI" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

expect_status () {
  [ "$status" -eq "$1" ] || fail "expected exit status $1, got $status"
  pass
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
expect_json 'len(d["warnings"]) > 0'
expect_json 'any("virginica" in w for w in d["warnings"])'
expect_json 'd["split"]["train"] == 120 and d["split"]["validation"] == 30 and d["split"]["test"] == 0'
expect_json 'd["delimiter"] == "," and d["header"] is True and d["decimal_comma"] is False'
expect_json 'column("species")["role"] == "target" and column("sepal_length_cm")["role"] == "feature"'
expect_json 'abs(column("sepal_length_cm")["mean"] - 5.843333) <= 1e-6'

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
expect_stderr_prefix "backprop-cli: --validation-split"

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

echo "cli: $checks checks passed"
