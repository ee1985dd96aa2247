#!/bin/sh
# tests/bench/run.sh -- what `make bench` runs after building: wrk through a
# private nginx + build/ehm (tests/bench/bench.mjs; method and results in
# docs/performance.md).  Prints a table and PASS/FAIL lines against the
# ratio targets; exits non-zero only if something broke, never on timings.
#
#   BENCH_SECONDS=10   seconds per measurement (about 7 measurements)
#   BENCH_THREADS=16   ehm request threads
#   EHM_BIN=build/ehm  the binary to measure
set -eu
cd "$(dirname "$0")/../.."
export EHM_BIN="${EHM_BIN:-build/ehm}"
for tool in wrk nginx sqlite3 node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is not installed (make deps)" >&2; exit 1; }
done
[ -x "$EHM_BIN" ] || { echo "bench: $EHM_BIN is missing: run make build" >&2; exit 1; }
exec node tests/bench/bench.mjs
