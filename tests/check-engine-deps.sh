#!/bin/sh
# The engine is GLib + json-glib + libm + CBLAS only. Its build never puts
# GTK on the include path, so an include would not compile; this names the
# offending line instead of leaving a puzzling compiler error.
set -eu
engine_dir=$1
bad=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|gsk|adwaita|adw|cairo|pango)[/.]' "$engine_dir" || true)
if [ -n "$bad" ]; then
  echo "engine/ must not use GTK, libadwaita, Cairo or Pango:"
  echo "$bad"
  exit 1
fi
deps=$(sed -n 's/^engine_deps = \[\(.*\)\]/\1/p' "$engine_dir/meson.build" | tr -d ' ')
if [ "$deps" != "glib_dep,json_dep,openblas_dep,libm_dep" ]; then
  echo "engine/meson.build: engine_deps must be exactly GLib, json-glib, OpenBLAS and libm, found: $deps"
  exit 1
fi
echo "engine/ includes no UI library"
