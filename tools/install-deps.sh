#!/bin/sh
# Install what Backprop needs to build and test, on Debian 12 or Ubuntu.
# Does nothing when everything is present; uses sudo when not root.
# `install-deps.sh test` adds what only the export tests need (PyTorch, ONNX
# and an ONNX runtime: large downloads `make run` has no use for);
# `install-deps.sh bench` adds those and the peers the benchmarks compare
# against.
set -eu

PACKAGES="
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libjson-glib-dev libopenblas-dev
  libgtk-4-dev libadwaita-1-dev libgtk-4-bin
  adwaita-icon-theme librsvg2-common fonts-dejavu-core libgl1-mesa-dri
  python3 locales
  xvfb xauth dbus-daemon dbus-x11 imagemagick
  desktop-file-utils appstream appstream-compose appstream-util itstool flatpak flatpak-builder
  libxml2-utils
"
mode=${1:-}
if [ "$mode" = "test" ] || [ "$mode" = "bench" ]; then
  PACKAGES="$PACKAGES python3-torch python3-onnx python3-numpy nodejs"
  # The clang build and the fuzzers (tests/fuzz/README.md): libFuzzer and
  # clang's sanitizer runtimes are in libclang-rt-dev, which clang only
  # recommends; llvm brings llvm-symbolizer for readable reports.
  PACKAGES="$PACKAGES clang libclang-rt-dev llvm"
fi
if [ "$mode" = "bench" ]; then
  PACKAGES="$PACKAGES python3-numpy python3-pandas python3-sklearn python3-torch time
    libfann-dev dataset-fashion-mnist"
fi

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing="$missing $package"
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# npm comes with NodeSource's nodejs; Debian's own nodejs needs the npm package.
if [ "$mode" != "" ] && ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi

if [ -n "$missing" ]; then
  echo "Installing build dependencies:$missing"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

# The tests read CSV files under a German locale (decimal comma) to prove
# numbers are parsed without the locale, and run the app in German and
# Chinese; make sure those locales exist.
for loc in de_DE zh_CN; do
  if ! locale -a 2>/dev/null | grep -qi "^$loc\.utf-\?8$"; then
    echo "Generating the $loc.UTF-8 locale for the tests"
    $sudo localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
  fi
done

# The export tests run ONNX files in a real runtime: onnxruntime-node from the
# npm registry, into tests/onnxruntime. --ignore-scripts: its install script
# would download CUDA libraries from outside the registry; the CPU library
# ships in the package itself.
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$mode" != "" ] && [ ! -d "$here/tests/onnxruntime/node_modules/onnxruntime-node" ]; then
  echo "Installing onnxruntime-node for the export tests"
  mkdir -p "$here/tests/onnxruntime"
  # A package.json of its own, so npm installs here and not into a parent's.
  echo '{"private": true}' > "$here/tests/onnxruntime/package.json"
  (cd "$here/tests/onnxruntime" && npm install --ignore-scripts --no-audit --no-fund onnxruntime-node@1.31.1)
fi
