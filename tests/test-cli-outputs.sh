#!/bin/sh
# test-cli-outputs.sh: what backprop-cli writes never destroys what it reads
# and fails before the work, not after (issue 18, defects 2, 7 and 11).
#
# Every output of every command (train --save, --save-project, --history;
# predict -o; export -o and the files it writes next to it) named as an
# input, under another spelling, a symbolic or a hard link, or as another
# output: exit 2, a message naming both, the input byte for byte as it was
# and nothing written. An output that cannot be written: exit 1 before the
# first epoch. A save over a link or a 0600 file, and one that fails
# halfway (a file-size limit standing in for a full disk). SIGTERM and
# kill -9 during the CLI's own save: no temporary file left.
#
# Needs $BP_CLI and $BP_SAMPLES, as test-cli.sh. Stops at the first failure.

set -u

. "$(dirname "$0")/cli-lib.sh"
cli_setup cli-outputs
: "${BP_SAMPLES:?BP_SAMPLES must name resources/samples}"

# unchanged FILE: FILE is still byte for byte its copy in $tmp/keep.
unchanged () {
  cmp -s "$1" "$tmp/keep/$(basename "$1")" || fail "$1 was changed"
  pass
}

absent () {
  [ ! -e "$1" ] && [ ! -L "$1" ] || fail "$1 was written"
  pass
}

# no_temps DIR: no temporary file of a save left in DIR.
no_temps () {
  for f in "$1"/.*backprop-tmp* "$1"/*.json.?????? "$1"/*.csv.??????; do
    [ -e "$f" ] && fail "a temporary file was left: $f"
  done
  pass
}

cd "$tmp" || exit 1
mkdir keep sub
cp "$BP_SAMPLES/iris.csv" data.csv
run train data.csv --epochs 1 --layers 4:relu --seed 1 --save model.json --save-project run.backprop --quiet
expect_status 0
run train --sample circles:60 --epochs 1 --layers 4:relu --save-project gen.backprop --quiet
expect_status 0
cp model.json weights.weights.json
cp data.csv model.json run.backprop gen.backprop weights.weights.json keep/
ln -s data.csv soft.csv
ln data.csv hard.csv
ln -s sub via

# ---- an output that is an input: exit 2, naming both, nothing touched ----

# clash ARGS…: the command must refuse with exit 2 and change no input.
clash () {
  run "$@"
  expect_status 2
  unchanged data.csv
  unchanged model.json
  unchanged run.backprop
  unchanged weights.weights.json
  [ ! -s "$tmp/out" ] || fail "the command did work before refusing"
}

what="predict -o the model"
clash predict model.json data.csv -o model.json
expect_stderr_has "-o model.json would overwrite the input file model.json"

what="predict -o the data"
clash predict model.json data.csv -o data.csv
expect_stderr_has "-o data.csv would overwrite the input file data.csv"

what="predict -o the data, spelt another way"
clash predict model.json data.csv -o "sub/.././/data.csv"
clash predict model.json data.csv -o "$tmp/data.csv"

what="predict -o a symbolic link to the data"
clash predict model.json data.csv -o soft.csv
expect_stderr_has "soft.csv"

what="predict -o a hard link to the data"
clash predict model.json data.csv -o hard.csv
clash predict model.json soft.csv -o hard.csv

what="train --save the data"
clash train data.csv --epochs 1 --save data.csv
expect_stderr_has "--save data.csv would overwrite the input file data.csv"

what="train --history and --save-project the data"
clash train data.csv --epochs 1 --history hard.csv
clash train data.csv --epochs 1 --save-project ./soft.csv

what="train --save and --save-project the same new file"
clash train data.csv --epochs 1 --save both.json --save-project ./both.json
expect_stderr_has "--save both.json and --save-project ./both.json are the same file"
absent both.json

what="train --history and --save the same new file through a folder link"
clash train data.csv --epochs 1 --save sub/out.json --history via/out.json
absent sub/out.json

what="train --project: its file and its data file are inputs"
clash train --project run.backprop --epochs 1 --save run.backprop
clash train --project run.backprop --epochs 1 --save-project data.csv
expect_stderr_has "would overwrite the input file"

what="export -o the model (ONNX) or the project's data"
clash export --to onnx model.json -o model.json
clash export --to pytorch run.backprop -o data.csv
clash export --to keras run.backprop --data soft.csv -o hard.csv

what="export: the weights written next to the script are the input"
clash export --to pytorch weights.weights.json -o weights.py
expect_stderr_has "weights.weights.json would overwrite the input file weights.weights.json"
absent weights.py

what="export: -o is the generated data file written next to it"
clash export --to pytorch gen.backprop -o circles.csv
absent circles.csv

what="outputs that are not inputs still work"
run predict model.json soft.csv -o sub/pred.csv
expect_status 0
run export --to pytorch gen.backprop -o gen.py
expect_status 0
[ -s gen.py ] && [ -s circles.csv ] || fail "export wrote nothing"

# ---- an output that cannot be written: exit 1 before the first epoch ----

# unwritable ARGS…: exit 1 and not one epoch printed.
unwritable () {
  run "$@"
  expect_status 1
  [ ! -s "$tmp/out" ] || fail "the command trained before finding its output unwritable"
  no_temps "$tmp"
}

what="train --save into a missing folder"
unwritable train data.csv --epochs 3 --save "$tmp/no-such-dir/m.json"
expect_stderr_has "$tmp/no-such-dir/m.json: "
expect_stderr_has "$tmp/no-such-dir"

what="train --save-project, --history into a missing folder; --save onto a folder"
unwritable train data.csv --epochs 3 --save-project no-such-dir/p.backprop
unwritable train data.csv --epochs 3 --history no-such-dir/h.csv --json
unwritable train data.csv --epochs 3 --save sub
unwritable train data.csv --epochs 3 --save data.csv/m.json
unwritable train --project run.backprop --epochs 3 --save no-such-dir/m.json

what="predict -o and export -o into a missing folder"
unwritable predict model.json data.csv -o no-such-dir/p.csv
unwritable export --to onnx model.json -o no-such-dir/m.onnx
expect_stderr_has "no-such-dir/m.onnx: "

# ---- saving through a link, keeping the mode ----

what="train --save through a symbolic link keeps the link"
cp model.json sub/target.json
chmod 600 sub/target.json
ln -s sub/target.json linked.json
run train data.csv --epochs 1 --layers 4:relu --seed 2 --save linked.json --quiet
expect_status 0
[ -L linked.json ] || fail "the link was replaced by a file"
cmp -s sub/target.json model.json && fail "the link's file was not written"
[ "$(stat -c %a sub/target.json)" = 600 ] || fail "0600 became $(stat -c %a sub/target.json)"
no_temps "$tmp"
no_temps "$tmp/sub"

# ---- a write that fails halfway names the user's file ----

what="a save that fails halfway (file-size limit) names the file, keeps the old one"
cp model.json keep/big.json
cp model.json big.json
(
  trap '' XFSZ
  ulimit -f 2
  LC_ALL=C exec "$BP_CLI" train data.csv --epochs 1 --layers 64:relu --save big.json --quiet
) >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 1
first=$(head -n 1 "$tmp/err")
[ "$first" = "backprop-cli: big.json: the model could not be saved: File too large" ] ||
  fail "message was: $first"
unchanged big.json
no_temps "$tmp"

# ---- the CLI's own save, ended during its write ----

# signal_save SIGNAL: train --save a model of a few MB over big.json and
# send SIGNAL once its temporary file exists. Sets $caught when it did.
signal_save () {
  "$BP_CLI" train --sample circles:64 --layers 1000:relu,1000:relu --epochs 1 --save big.json --quiet \
    >/dev/null 2>&1 &
  pid=$!
  caught=0
  while kill -0 "$pid" 2>/dev/null; do
    for f in .big.json.backprop-tmp-*; do
      [ -e "$f" ] && caught=1
    done
    [ "$caught" = 1 ] && break
  done
  kill "-$1" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
}

what="SIGTERM during train --save leaves no temporary file"
caught_count=0
for i in 1 2 3 4 5 6 7 8; do
  signal_save TERM
  if [ "$caught" = 1 ]; then
    caught_count=$((caught_count + 1))
    expect_status 143
    no_temps "$tmp"
    [ "$caught_count" = 2 ] && break
  fi
done
[ "$caught_count" -gt 0 ] || fail "no save was caught halfway in 8 tries"

what="kill -9 during train --save: the next save removes its temporary file"
for i in 1 2; do
  signal_save KILL
  run train data.csv --epochs 1 --layers 4:relu --save big.json --quiet
  expect_status 0
  no_temps "$tmp"
done

printf 'cli-outputs: %d checks passed\n' "$checks"
