#!/bin/sh
# Run the whole test suite in BUILD_DIR under a private D-Bus session and a
# virtual X server (the UI tests need both; the others do not mind), then
# print "N passed, N failed" from meson's log.
set -u
build_dir=${1:-_build}
shift 2>/dev/null || true

dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C "$build_dir" --print-errorlogs "$@"
status=$?

python3 - "$build_dir/meson-logs/testlog.json" <<'PY'
import json, sys
results = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
passed = sum(r["result"] in ("OK", "EXPECTEDFAIL") for r in results)
failed = sum(r["result"] in ("FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS") for r in results)
skipped = sum(r["result"] == "SKIP" for r in results)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
