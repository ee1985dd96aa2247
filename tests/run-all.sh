#!/bin/sh
# tests/run-all.sh -- what `make test` runs after building: C unit tests
# (cmocka, sanitizer build), a short fuzz of the request parser, HTTP tests
# through nginx (sanitizer build), browser tests in Debian's chromium.
# Prints a summary; exits non-zero if any part failed.
cd "$(dirname "$0")/.." || exit 1
export CI="${CI:-}"
results=""
fail=0
step() {
  name=$1; shift
  echo
  echo "==== $name"
  if "$@"; then
    results="$results
  PASS  $name"
  else
    results="$results
  FAIL  $name"
    fail=1
  fi
}
step "C unit tests (cmocka, ASan+UBSan)" make --no-print-directory unit
step "fuzz: request parser (libFuzzer, 20 s)" make --no-print-directory fuzz-short
step "HTTP tests through nginx (ASan build)" env EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/
step "browser tests (chromium, axe WCAG 2.2 AA)" env EHM_BIN=build/ehm node --test --test-concurrency=1 tests/browser/
echo
echo "==== summary$results"
if [ $fail -ne 0 ]; then
  echo "make test: FAILED"
  exit 1
fi
echo "make test: all passed"
