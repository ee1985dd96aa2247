#!/bin/sh
# tests/lint.sh -- fails the build on the mistakes this codebase refuses:
#  1. a template without {{%AUTOESCAPE context="HTML"}} on its first line;
#  2. a ctemplate ":none" modifier (raw output) anywhere in a template;
#  3. SQL built with printf-style formatting (sqlite3_mprintf and friends, or
#     a *printf whose format string starts with an SQL verb).
status=0
for t in templates/*.tpl; do
  [ -e "$t" ] || continue
  if ! head -n 1 "$t" | grep -q '{{%AUTOESCAPE context="HTML"}}'; then
    echo "lint: $t: first line must be {{%AUTOESCAPE context=\"HTML\"}}" >&2
    status=1
  fi
  if grep -n ':none}}' "$t" >/dev/null; then
    echo "lint: $t: the :none modifier outputs raw HTML; remove it" >&2
    status=1
  fi
done
hits=$(grep -nE 'sqlite3_v?mprintf|sqlite3_v?snprintf' src/*.c src/*.cc 2>/dev/null)
if [ -n "$hits" ]; then
  echo "lint: SQL built with sqlite3_mprintf; bind parameters instead:" >&2
  echo "$hits" >&2
  status=1
fi
hits=$(grep -nE 'printf\([^;]*"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|WITH)[[:space:]]' src/*.c 2>/dev/null)
if [ -n "$hits" ]; then
  echo "lint: SQL text assembled with printf; bind parameters instead:" >&2
  echo "$hits" >&2
  status=1
fi
[ $status -eq 0 ] || echo "lint: failed" >&2
exit $status
