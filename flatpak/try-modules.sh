#!/bin/sh
# Runs the Flatpak manifest's modules outside flatpak-builder, where no
# GNOME SDK can be downloaded: the OpenBLAS module's own build-commands
# (read from the manifest, with this machine's arch's OPENBLAS_TARGET) on an
# OpenBLAS source tree, installed into PREFIX instead of /app; then the app
# module's meson build with the manifest's config-opts against that
# OpenBLAS; then backprop-cli from PREFIX trains a sample. Slow: DYNAMIC_ARCH
# compiles kernels for every CPU family (about 40 minutes on 2 cores).
#
#   flatpak/try-modules.sh OPENBLAS_SOURCE_DIR PREFIX [MANIFEST]
#
# Any OpenBLAS release tree works (e.g. Debian's openblas_*+ds.orig.tar.xz,
# which lacks only the LAPACK sources this build leaves out).
set -eu
src=$(cd "$1" && pwd)
prefix=$2
here=$(cd "$(dirname "$0")" && pwd)
manifest=${3:-$here/io.github.backprop.Backprop.json}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

# The module's commands and this arch's environment, from the manifest.
/usr/bin/python3 - "$manifest" "$(uname -m)" "$prefix" >"$prefix/openblas-commands.sh" <<'EOF'
import json, shlex, sys
manifest, arch, prefix = sys.argv[1:]
module = next(m for m in json.load(open(manifest))["modules"] if m["name"] == "openblas")
env = module.get("build-options", {}).get("arch", {}).get(arch, {}).get("env", {})
for key, value in env.items():
    print(f"export {key}={shlex.quote(value)}")
for command in module["build-commands"]:
    print(command.replace("PREFIX=/app", "PREFIX=" + shlex.quote(prefix)))
EOF
echo "== OpenBLAS module, in $src"
cat "$prefix/openblas-commands.sh"
(cd "$src" && sh -e "$prefix/openblas-commands.sh")

echo "== app module, against $prefix"
opts=$(/usr/bin/python3 -c '
import json, sys
m = [m for m in json.load(open(sys.argv[1]))["modules"] if m.get("buildsystem") == "meson"][-1]
print(" ".join(m.get("config-opts", [])))' "$manifest")
build="$prefix/build-app"
rm -rf "$build"
# shellcheck disable=SC2086
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" meson setup "$build" "$here/.." --prefix="$prefix" $opts
grep -q "openblas found: YES" "$build/meson-logs/meson-log.txt" || { echo "meson did not find OpenBLAS"; exit 1; }
ninja -C "$build" install

echo "== the installed backprop-cli, with the module's OpenBLAS"
LD_LIBRARY_PATH="$prefix/lib" ldd "$prefix/bin/backprop-cli" | grep openblas
LD_LIBRARY_PATH="$prefix/lib" OPENBLAS_VERBOSE=2 "$prefix/bin/backprop-cli" train \
  "$here/../resources/samples/breast_cancer.csv" --epochs 10
