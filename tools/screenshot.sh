#!/bin/sh
# Screenshots of the real app under Xvfb, for the README and for looking.
#   tools/screenshot.sh OUT.png [light|dark] [--] [backprop arguments...]
# WAIT (seconds, default 6) is how long to let it run before the shot.
set -eu
out=$1; shift
scheme=${1:-light}; shift || true
[ "${1:-}" = "--" ] && shift
build=${BUILD:-_build}
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
# Its own state folder: the app killed at the end leaves an automatic save
# there (as after a crash), which would be offered at the next shot.
export GSETTINGS_SCHEMA_DIR="$build/resources" GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$cfg" XDG_STATE_HOME="$cfg/state"
# The schema id is the build's app id (…Backprop or …Backprop.Devel).
schema=$(basename "$build"/resources/*.gschema.xml .gschema.xml)
gsettings set "$schema" color-scheme "$scheme"
app="$build/app/backprop"
case $schema in *.Devel) app="$build/app/backprop-devel" ;; esac
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x720x24" sh -c "
  '$app' $* &
  sleep ${WAIT:-6}
  import -window root '$out'
  kill \$!" 2>/dev/null
echo "$out"
