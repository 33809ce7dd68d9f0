#!/usr/bin/env bash
# Builds strata in Release with the micro-benchmarks and runs them (Google Benchmark).
#   bench/run-micro.sh [extra benchmark flags, e.g. --benchmark_filter=Startup]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./scripts/install-deps.sh --bench
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_BENCH=ON >/dev/null
cmake --build build/bench --target strata_bench
./build/bench/bench/strata_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
