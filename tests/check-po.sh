#!/bin/sh
# check-po.sh: every language in po/LINGUAS has a po/LANG.po that msgfmt
# accepts (--check: format strings, header, plural forms) and that
# translates every message the sources have today.
#
#   check-po.sh SOURCE_ROOT [--pot FILE]
#
# The template is extracted afresh from po/POTFILES.in with the options
# meson's i18n.gettext(preset: 'glib') passes xgettext (see po/meson.build),
# so a string marked since the last `ninja backprop-update-po` counts as
# untranslated. --pot FILE also keeps that template.

set -u

src=${1:?usage: check-po.sh SOURCE_ROOT [--pot FILE]}
keep_pot=""
if [ "${2:-}" = "--pot" ]; then
  keep_pot=${3:?--pot needs a file name}
fi
po="$src/po"

for tool in xgettext msgfmt msgmerge msgattrib; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "po-check: FAIL: $tool is missing (Debian package gettext)" >&2
    exit 1
  }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bp-check-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The glib preset of meson's i18n module, plus po/meson.build's args.
xgettext --package-name=backprop -f "$po/POTFILES.in" -D "$src" -k_ \
  -o "$tmp/backprop.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --add-comments=Translators: \
  --msgid-bugs-address=https://github.com/backprop/backprop/issues \
  || { echo "po-check: FAIL: xgettext could not extract the template" >&2; exit 1; }

total=$(grep -c '^msgid ' "$tmp/backprop.pot")
total=$((total - 1))   # the header
echo "po-check: $total messages in the sources"
[ -n "$keep_pot" ] && cp "$tmp/backprop.pot" "$keep_pot"

# Prints the msgids (with their context) of a PO file, one a line.
list_msgids () {
  awk '
    /^msgctxt / { ctxt = substr($0, 9) " | "; next }
    /^msgid / { id = substr($0, 7); if (id != "\"\"" || ctxt != "") print "    " ctxt id; ctxt = ""; next }
  ' "$1"
}

langs=$(sed -e 's/#.*//' "$po/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$')
if [ -z "$langs" ]; then
  echo "po-check: FAIL: po/LINGUAS lists no language" >&2
  exit 1
fi

failed=0
for lang in $langs; do
  file="$po/$lang.po"
  if [ ! -f "$file" ]; then
    echo "po-check: FAIL: $lang is in po/LINGUAS but po/$lang.po does not exist"
    failed=1
    continue
  fi
  if ! msgfmt --check --check-format --check-header -o /dev/null "$file" 2>"$tmp/msgfmt.err"; then
    echo "po-check: FAIL: msgfmt --check rejects po/$lang.po:"
    sed 's/^/    /' "$tmp/msgfmt.err"
    failed=1
    continue
  fi
  msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "$file" "$tmp/backprop.pot" || {
    echo "po-check: FAIL: msgmerge could not merge po/$lang.po"
    failed=1
    continue
  }
  # --force-po: without it msgattrib writes no file when nothing matches.
  if ! msgattrib --force-po --untranslated --no-obsolete --no-wrap -o "$tmp/$lang.untranslated" "$tmp/$lang.po" ||
     ! msgattrib --force-po --only-fuzzy --no-obsolete --no-wrap -o "$tmp/$lang.fuzzy" "$tmp/$lang.po"; then
    echo "po-check: FAIL: msgattrib could not read the merged po/$lang.po"
    failed=1
    continue
  fi
  list_msgids "$tmp/$lang.untranslated" >"$tmp/$lang.u"
  list_msgids "$tmp/$lang.fuzzy" >"$tmp/$lang.f"
  untranslated=$(wc -l <"$tmp/$lang.u")
  fuzzy=$(wc -l <"$tmp/$lang.f")
  if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "po-check: FAIL: po/$lang.po: $untranslated untranslated and $fuzzy fuzzy of $total" \
      "(run ninja -C BUILD backprop-update-po, then translate):"
    if [ "$untranslated" -ne 0 ]; then
      echo "  untranslated:"
      cat "$tmp/$lang.u"
    fi
    if [ "$fuzzy" -ne 0 ]; then
      echo "  fuzzy:"
      cat "$tmp/$lang.f"
    fi
    failed=1
  else
    echo "po-check: po/$lang.po: all $total translated"
  fi
done

exit $failed
