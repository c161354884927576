#!/bin/sh
# The real binary end to end: train the seed recipe with the window up,
# quit when the run ends, and check the trace it prints (BACKPROP_TRACE).
set -u
app=${BP_APP:?BP_APP is not set; run this test with meson test}
samples=${BP_SAMPLES:?}
out=$(mktemp)
err=$(mktemp)
home=$(mktemp -d)
trap 'rm -rf "$out" "$err" "$home"' EXIT
# A private home: the user's recent files and settings stay untouched.
mkdir -p "$home/config/gtk-4.0"
printf '[Settings]\ngtk-recent-files-enabled=false\n' >"$home/config/gtk-4.0/settings.ini"
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; exit 1; }

BACKPROP_TRACE=1 timeout 120 "$app" --train --quit-after-training "$samples/breast_cancer.csv" >"$out" 2>"$err"
status=$?
[ $status -eq 0 ] || fail "backprop exited with status $status"

epochs=$(grep -c '"epoch":' "$out")
[ "$epochs" -eq 10 ] || fail "expected 10 epoch lines, got $epochs"
grep -Eq '^\{"epoch": ?1, ?"epochs": ?10, ?"loss": ?0\.[0-9]+' "$out" || fail "epoch line format"
grep '"epoch": \?10,' "$out" | grep -Eq '"val_accuracy": ?0\.9' \
  || fail "the seed recipe should end with a validation accuracy of 0.9x"
final=$(grep -E '"final": ?true' "$out")
[ -n "$final" ] || fail "no final line"
echo "$final" | grep -Eq '"epochs": ?10' || fail "final line: epochs"
echo "$final" | grep -Eq '"samples_per_second": ?[0-9]' || fail "final line: samples_per_second"
if grep -E 'CRITICAL|WARNING' "$err"; then fail "warnings on stderr"; fi

# iris.csv, the file (sorted by species), with no option changed: the
# default split is stratified and the run ends at 0.90 or better.
BACKPROP_TRACE=1 timeout 120 "$app" --train --quit-after-training "$samples/iris.csv" >"$out" 2>"$err"
status=$?
[ $status -eq 0 ] || fail "backprop exited with status $status on iris.csv"
grep '"epoch": \?10,' "$out" | grep -Eq '"val_accuracy": ?(0\.9|1[.,}])' \
  || fail "iris.csv with defaults should end with a validation accuracy of 0.90 or more"
if grep -E 'CRITICAL|WARNING' "$err"; then fail "warnings on stderr for iris.csv"; fi

# The seed recipe trains in a few milliseconds, before the first frame; a
# longer run (50 000 rows, a second or two) shows the charts being drawn while it trains.
big="$home/big.csv"
awk 'BEGIN { srand(7); print "a,b,c,d,e,f,g,h,label";
             for (i = 0; i < 50000; i++) { s = 0; line = "";
               for (k = 0; k < 8; k++) { v = rand() * 2 - 1; s += v; line = line sprintf("%.4f,", v) }
               print line (s > 0 ? "yes" : "no") } }' >"$big"
BACKPROP_TRACE=1 timeout 120 "$app" --train --quit-after-training "$big" >"$out" 2>"$err"
status=$?
[ $status -eq 0 ] || fail "backprop exited with status $status on 50 000 rows"
final=$(grep -E '"final": ?true' "$out")
frames=$(echo "$final" | sed -n 's/.*"frames": \{0,1\}\([0-9]*\).*/\1/p')
[ -n "$frames" ] && [ "$frames" -gt 2 ] || fail "no frames were drawn while training 50 000 rows"
echo "$final" | grep -Eq '"median_frame_ms": ?[0-9]' || fail "final line: median_frame_ms"
# The live views were fed while it trained: frames of each kind taken.
for view in boundary network confusion; do
  n=$(echo "$final" | sed -n "s/.*\"live_updates\": {[^}]*\"$view\": \{0,1\}\([0-9]*\).*/\1/p")
  [ -n "$n" ] && [ "$n" -gt 0 ] || fail "no live $view frames were taken while training 50 000 rows"
done

# Two inputs and the default network (Dense 128-64), as on the 2-D
# samples: the boundary is fed at least once in every epoch that trained
# for half a second or more (the session's floor), whatever the machine's
# speed: a faster machine has shorter epochs and frames at least as often.
circles="$home/circles.csv"
awk 'BEGIN { srand(11); print "x1,x2,label";
             for (i = 0; i < 100000; i++) { x = rand() * 2 - 1; y = rand() * 2 - 1;
               printf "%.4f,%.4f,%d\n", x, y, (x * x + y * y < 0.36) } }' >"$circles"
BACKPROP_TRACE=1 timeout 150 "$app" --train --quit-after-training "$circles" >"$out" 2>"$err"
status=$?
[ $status -eq 0 ] || fail "backprop exited with status $status on the 2-D file"
long=$(grep '"epoch":' "$out" | sed -n 's/.*"seconds": \{0,1\}\([0-9.eE+-]*\).*/\1/p' | awk '$1 >= 0.5' | wc -l)
final=$(grep -E '"final": ?true' "$out")
boundary=$(echo "$final" | sed -n 's/.*"live_updates": {[^}]*"boundary": \{0,1\}\([0-9]*\).*/\1/p')
[ -n "$boundary" ] && [ "$boundary" -ge 1 ] && [ "$boundary" -ge "$long" ] \
  || fail "2-D file: $boundary boundary updates, fewer than the $long epochs of 0.5 s or more"
echo "$final" | grep -Eq '"live_seconds": ?[0-9]' || fail "final line: live_seconds"

# A file that does not exist, in a scripted run: it says why and fails.
timeout 60 "$app" --train --quit-after-training /nonexistent/file.csv >"$out" 2>"$err"
status=$?
[ $status -eq 1 ] || fail "a missing file: expected exit status 1, got $status"
grep -q 'nonexistent/file.csv' "$err" || fail "a missing file: the error does not name it"
if grep -E 'CRITICAL|WARNING' "$err"; then fail "warnings on stderr for a missing file"; fi
# A project on a built-in sample that names a column the sample lacks: the
# sample loads at once, the project cannot be applied, and a scripted run
# says so and fails without training anything.
cli=${BP_CLI:?}
project="$home/broken.backprop"
"$cli" train "$samples/iris.csv" --epochs 2 --save-project "$project" >"$out" 2>"$err" \
  || fail "backprop-cli could not save a project"
sed -i -e 's|^  "data": .*|  "data": {"kind": "sample", "name": "iris"},|' \
  -e 's|"changed": \[\]|"changed": [{"name": "petal_colour", "role": "feature", "type": "categorical"}]|' "$project"
grep -q '"petal_colour"' "$project" && grep -q '"kind": "sample"' "$project" || fail "could not edit the project"
BACKPROP_TRACE=1 timeout 60 "$app" --train --quit-after-training "$project" >"$out" 2>"$err"
status=$?
[ $status -eq 1 ] || fail "a project that cannot be applied: expected exit status 1, got $status"
grep -q 'petal_colour' "$err" || fail "a project that cannot be applied: the error does not name the column"
if grep -q '"epoch":' "$out"; then fail "a project that cannot be applied was trained"; fi
# A project whose CSV is gone and that keeps no copy: a scripted run cannot
# ask where the file went, so it says which file is missing and fails.
sed -i -e 's|^  "data": .*|  "data": {"kind": "file", "path": "gone.csv"},|' \
  -e 's|"changed": \[.*\]|"changed": []|' "$project"
timeout 60 "$app" --train --quit-after-training "$project" >"$out" 2>"$err"
status=$?
[ $status -eq 1 ] || fail "a project without its data: expected exit status 1, got $status"
grep -q 'gone.csv' "$err" || fail "a project without its data: the error does not name the CSV"
# A project whose validation and test shares take every row: nothing is
# left to train on; a scripted run says so and fails (it used to wait
# forever with win.train off).
"$cli" train "$samples/iris.csv" --epochs 1 --quiet --save-project "$project" >"$out" 2>"$err" \
  || fail "backprop-cli could not save a project"
sed -i -e 's/"validation_fraction": [0-9.e-]*/"validation_fraction": 0.5/' \
  -e 's/"test_fraction": [0-9.e-]*/"test_fraction": 0.499/' "$project"
grep -q '"test_fraction": 0.499' "$project" || fail "could not edit the project's fractions"
BACKPROP_TRACE=1 timeout 60 "$app" --train --quit-after-training "$project" >"$out" 2>"$err"
status=$?
[ $status -eq 1 ] || fail "a project with no training rows: expected exit status 1, got $status"
grep -q 'No training rows are left' "$err" || fail "a project with no training rows: the error does not say so"
if grep -q '"epoch":' "$out"; then fail "a project with no training rows was trained"; fi
# A FIFO with no writer (chosen by mistake): the open must not wait for
# one; a scripted run says it is no regular file and fails.
mkfifo "$home/pipe.csv" || fail "cannot make a FIFO"
timeout 60 "$app" --train --quit-after-training "$home/pipe.csv" >"$out" 2>"$err"
status=$?
[ $status -eq 1 ] || fail "a FIFO: expected exit status 1, got $status"
grep -q 'pipe.csv: not a regular file' "$err" || fail "a FIFO: the error does not say it is no regular file"
echo "ok: app smoke test ($frames frames)"
