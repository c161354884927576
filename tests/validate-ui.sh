#!/bin/sh
# gtk4-builder-tool validate on every .ui file in the given directories,
# with the real libadwaita and Backprop types (see validate-ui-preload.c).
# Prints TAP: one line per file.
#   validate-ui.sh DIR...   (BP_BUILDER_TOOL, BP_VALIDATE_UI_MODULE set by meson;
#                            BP_ASAN_RUNTIME in sanitizer builds)
set -u
tool=${BP_BUILDER_TOOL:?run this test with meson test}
module=${BP_VALIDATE_UI_MODULE:?}
# A sanitized module needs its runtime loaded first in the (unsanitized) tool.
preload="${BP_ASAN_RUNTIME:+$BP_ASAN_RUNTIME }$module"

files=$(for dir in "$@"; do ls "$dir"/*.ui; done)
[ -n "$files" ] || { echo "Bail out! no .ui files in $*"; exit 1; }
echo "1..$(echo "$files" | wc -l)"
n=0
status=0
for file in $files; do
  n=$((n + 1))
  # <template class="BpFoo" parent="AdwBin">, attributes in either order
  line=$(grep -o '<template [^>]*>' "$file" | head -n 1)
  class=$(echo "$line" | sed -n 's/.* class="\([^"]*\)".*/\1/p')
  parent=$(echo "$line" | sed -n 's/.* parent="\([^"]*\)".*/\1/p')
  if out=$(BP_VALIDATE_TEMPLATE="$class $parent" LD_PRELOAD="$preload" "$tool" validate "$file" 2>&1) \
     && [ -z "$out" ]; then
    echo "ok $n - $file"
  else
    echo "not ok $n - $file"
    echo "$out" | sed 's/^/# /'
    status=1
  fi
done
exit $status
