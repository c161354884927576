#!/bin/sh
# `meson install` into a temporary directory, then use what was installed:
# the files a desktop needs are there and valid, backprop-cli runs, and
# backprop starts and trains from that prefix alone (its schema, samples and
# icons found there). Runs under Xvfb and a session bus (tools/run-tests.sh).
#
# meson test sets BP_BUILD_ROOT, BP_APP_ID, BP_APP_BINARY, BP_CLI_BINARY
# (the installed names), BP_BINDIR, BP_DATADIR, BP_PKGDATADIR, BP_LOCALEDIR
# (the configured install paths), BP_GETTEXT_PACKAGE and BP_CHECK_ICON.
set -u
build=${BP_BUILD_ROOT:?run this test with meson test}
app_id=${BP_APP_ID:?}
app_bin=${BP_APP_BINARY:?}
cli_bin=${BP_CLI_BINARY:?}
dest=$(mktemp -d)
out="$dest/out"
err="$dest/err"
trap 'rm -rf "$dest"' EXIT
fail() {
  echo "FAIL: $*"
  for f in "$out" "$err"; do [ -s "$f" ] && { echo "--- $(basename "$f")"; tail -n 30 "$f"; }; done
  exit 1
}

meson install -C "$build" --destdir "$dest/root" --no-rebuild >"$out" 2>"$err" || fail "meson install"
bin="$dest/root$BP_BINDIR"
share="$dest/root$BP_DATADIR"
pkgdata="$dest/root$BP_PKGDATADIR"
locale="$dest/root$BP_LOCALEDIR"

# The files a desktop reads, named after the app id.
for f in "$bin/$app_bin" "$bin/$cli_bin" \
         "$share/applications/$app_id.desktop" \
         "$share/metainfo/$app_id.metainfo.xml" \
         "$share/glib-2.0/schemas/$app_id.gschema.xml" \
         "$share/icons/hicolor/scalable/apps/$app_id.svg" \
         "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
         "$pkgdata/samples/iris.csv" \
         "$pkgdata/samples/breast_cancer.csv"; do
  [ -f "$f" ] || fail "not installed: ${f#"$dest/root"}"
done
# A translation for each language in po/LINGUAS that has a .po file.
po="$(dirname "$0")/../po"
for lang in $(grep -v '^#' "$po/LINGUAS"); do
  [ -f "$po/$lang.po" ] || continue
  [ -f "$locale/$lang/LC_MESSAGES/$BP_GETTEXT_PACKAGE.mo" ] || fail "no translation installed for $lang"
done
grep -qx "Icon=$app_id" "$share/applications/$app_id.desktop" || fail "the desktop file names another icon"
# Each build installs its own app icon: the development build's is the one
# with warning stripes, so it can be told from the stable one in the app grid.
icons="$(dirname "$0")/../resources/icons"
icon="$share/icons/hicolor/scalable/apps/$app_id.svg"
case $app_id in
  *.Devel)
    cmp -s "$icon" "$icons/io.github.backprop.Backprop.Devel.svg" || fail "the development build installed another app icon than the Devel one"
    cmp -s "$icon" "$icons/io.github.backprop.Backprop.svg" && fail "the development build installed the stable app icon" ;;
  *)
    cmp -s "$icon" "$icons/io.github.backprop.Backprop.svg" || fail "the stable build installed another app icon than the stable one" ;;
esac
grep -qx "Exec=$app_bin %F" "$share/applications/$app_id.desktop" || fail "the desktop file runs another binary than $app_bin"
for b in "$app_bin" "$cli_bin"; do
  grep -q "<binary>$b</binary>" "$share/metainfo/$app_id.metainfo.xml" || fail "the metainfo does not provide $b"
done
# Nothing else in bindir: the other build's binaries must not be replaced.
extra=$(ls "$bin" | grep -vx -e "$app_bin" -e "$cli_bin")
[ -z "$extra" ] || fail "unexpected files in bindir: $extra"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$share/metainfo/$app_id.metainfo.xml" \
  || fail "the metainfo launches another desktop file"

# Project files (bp-project.h): the MIME package is installed under the app
# id, and a database built from it alone, as update-mime-database builds a
# system's (in a copy: the tree stays as installed), maps *.backprop and a
# file that starts like a project to their type; the desktop file and the
# metainfo say that the app opens it.
mime_type=application/x-backprop-project
[ -f "$share/mime/packages/$app_id.xml" ] || fail "not installed: mime/packages/$app_id.xml"
mime="$dest/mime"
cp -R "$share/mime" "$mime"
update-mime-database "$mime" >"$out" 2>"$err" || fail "update-mime-database"
grep -q ":$mime_type:\*\.backprop\(:\|\$\)" "$mime/globs2" || fail "globs2 does not map *.backprop to $mime_type"
grep -qx "$mime_type application/json" "$mime/subclasses" || fail "$mime_type is not a kind of application/json"
grep -aq '"backprop-project"' "$mime/magic" || fail "no magic for a project's format string"
# GIO reads that database: a project renamed without its suffix is still one.
printf '{\n  "format": "backprop-project",\n  "version": 1\n}\n' >"$dest/lesson"
type=$(XDG_DATA_DIRS="$dest:/usr/share" XDG_DATA_HOME="$dest/none" gio info -a standard::content-type "$dest/lesson" 2>"$err" \
       | sed -n 's/.*content-type: //p')
[ "$type" = "$mime_type" ] || fail "a project without its suffix is \"$type\", not $mime_type"
grep -q "^MimeType=.*$mime_type;" "$share/applications/$app_id.desktop" || fail "the desktop file does not open $mime_type"
grep -q "<mediatype>$mime_type</mediatype>" "$share/metainfo/$app_id.metainfo.xml" || fail "the metainfo does not provide $mime_type"

# meson skips its post-install steps under --destdir: compile the schema as
# a system would.
glib-compile-schemas --strict "$share/glib-2.0/schemas" >"$out" 2>"$err" || fail "glib-compile-schemas"
[ -f "$share/glib-2.0/schemas/gschemas.compiled" ] || fail "no gschemas.compiled"

# What flatpak-builder (so Flathub) and distributions do with the installed
# tree: compose it into an AppStream catalogue. That fails when the
# metainfo, the desktop file and the icon do not fit together; it renders
# the icon and finds the translations the metainfo's <translation> names.
catalog="$dest/catalog"
appstreamcli compose --no-net --prefix="$(dirname "$BP_DATADIR")" --origin=backprop \
  --result-root="$catalog" "$dest/root" >"$out" 2>"$err" || fail "appstreamcli compose"
xml=$(find "$catalog" -name 'backprop.xml.gz')
[ -n "$xml" ] || fail "appstreamcli compose wrote no catalogue"
gzip -dc "$xml" >"$dest/catalog.xml" || fail "the catalogue is not gzip"
grep -q "<id>$app_id</id>" "$dest/catalog.xml" || fail "the catalogue lacks $app_id"
grep -q '<icon type="cached" width="128" height="128">' "$dest/catalog.xml" \
  || fail "the catalogue has no 128 px icon rendered from the installed one"
for lang in $(grep -v '^#' "$po/LINGUAS"); do
  grep -q "<lang [^>]*>$lang</lang>" "$dest/catalog.xml" || fail "the catalogue does not list the $lang translation"
done

"$bin/$cli_bin" --version >"$out" 2>"$err" || fail "backprop-cli --version"
grep -q '^backprop-cli [0-9]' "$out" || fail "backprop-cli --version prints no version"
"$bin/$cli_bin" train "$pkgdata/samples/iris.csv" --epochs 2 >"$out" 2>"$err" \
  || fail "backprop-cli train on the installed iris sample"
grep -q '^Epoch 2/2' "$out" || fail "backprop-cli train printed no second epoch"

# The icons, from the installed hicolor tree and nowhere else. (GTK 4.8
# keeps a finalized icon theme's directory data; not a leak of ours.)
ASAN_OPTIONS=detect_leaks=0 "$BP_CHECK_ICON" "$share/icons" "$app_id" >"$out" 2>"$err" || fail "icons"

# The app, from the prefix, with settings in a private keyfile. A schema it
# cannot find is a warning on stderr, which fails the test below.
home="$dest/home"
mkdir -p "$home/config/gtk-4.0"
printf '[Settings]\ngtk-recent-files-enabled=false\n' >"$home/config/gtk-4.0/settings.ini"
XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
XDG_DATA_DIRS="$share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas" GSETTINGS_BACKEND=keyfile \
BACKPROP_TRACE=1 timeout 120 "$bin/$app_bin" --train --quit-after-training \
  "$pkgdata/samples/breast_cancer.csv" >"$out" 2>"$err"
status=$?
[ $status -eq 0 ] || fail "the installed backprop exited with status $status"
epochs=$(grep -c '"epoch":' "$out")
[ "$epochs" -eq 10 ] || fail "expected 10 epoch lines, got $epochs"
if grep -E 'CRITICAL|WARNING' "$err"; then fail "warnings from the installed backprop"; fi
echo "ok: installed into $BP_DATADIR under a destdir; $cli_bin and $app_bin run from there"
