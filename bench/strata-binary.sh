#!/usr/bin/env bash
# Prints the absolute path of the strata the benchmarks run: STRATA_BENCH_BINARY when set (the CI check
# reuses the test build's; its figures are not judged there), else the Release build, brought up to date
# first (its build output goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
strata=${STRATA_BENCH_BINARY:-}
if [[ -z $strata ]]; then
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF >/dev/null
  cmake --build build/release --target strata_cli >&2
  strata=build/release/strata
fi
realpath "$strata"
