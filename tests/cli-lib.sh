# cli-lib.sh: what the backprop-cli test scripts share; sourced, not run.
#
#   . "$(dirname "$0")/cli-lib.sh"
#   cli_setup NAME     NAME prefixes every message ("cli-sweep: FAIL: …");
#                      makes $tmp (removed on exit) and needs $BP_CLI
#
# Then: $what (the check under way, for fail), $checks (counted by pass),
# run, fail, pass, expect_status, expect_stderr_has. meson runs the
# scripts from the source tree, so dirname "$0" finds this file from a
# build directory and from a fresh clone alike.

checks=0
what="setup"

# fail MESSAGE...: the check in $what failed: say so, show stderr, stop.
fail () {
  printf '%s: FAIL: %s\n' "$cli_name" "$what" >&2
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

cli_setup () {
  cli_name=$1
  : "${BP_CLI:?BP_CLI must name the backprop-cli program}"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/bp-test-$cli_name.XXXXXX") || {
    echo "$cli_name: FAIL: cannot make a temporary directory" >&2
    exit 1
  }
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 1' HUP INT TERM
  [ -x "$BP_CLI" ] || fail "BP_CLI=$BP_CLI is not an executable"
}

# run ARG...: run the CLI; stdout in $tmp/out, stderr in $tmp/err, exit
# status in $status.
run () {
  "$BP_CLI" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

expect_status () {
  [ "$status" -eq "$1" ] || fail "expected exit status $1, got $status"
  pass
}

# expect_stderr_has TEXT: stderr contains TEXT.
expect_stderr_has () {
  grep -F -q -- "$1" "$tmp/err" || fail "stderr does not contain \"$1\""
  pass
}
