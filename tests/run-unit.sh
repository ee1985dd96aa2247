#!/bin/sh
# tests/run-unit.sh -- run each cmocka test binary; fail if any fails.
status=0
for t in "$@"; do
  echo "-- $t"
  ASAN_OPTIONS=detect_leaks=1 "$t" || status=1
done
exit $status
