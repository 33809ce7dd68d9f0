#!/usr/bin/env bash
# All tests: install what they need, start throwaway PostgreSQL and MariaDB servers, build strata and the
# suite with AddressSanitizer and UndefinedBehaviorSanitizer and run all of it with CTest (the install
# test, tests/install/install_test.sh, and the Debian package's, tests/install/package_test.sh, among
# it); build and run the tests of the concurrent parts (threads in one process) under ThreadSanitizer;
# check that the benchmark harnesses run (bench/run-compare.sh at N = 30, bench/large-file.sh at 1 MB,
# bench/lint.sh on 200 files and 1 MB, bench/schema.sh on 100 tables, bench/batch.sh on 50,000 rows,
# bench/fleet.sh on 20 schemas) with the sanitized binary;
# last, run each libFuzzer target for 6 s (scripts/fuzz.sh).
# CI is short on time (two cores, 30 minutes): one build of strata, 10 crash trials a backend (long run:
# STRATA_CRASH_TRIALS=500), fuzzing 6 s a target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The benchmark harnesses' packages too: one apt-get run.
./scripts/install-deps.sh --bench
./scripts/fetch-duckdb.sh build/duckdb
# The SARIF 2.1.0 schema and a validator, for the test of `strata lint --format sarif`.
./scripts/fetch-sarif-validator.sh build/sarif
export STRATA_SARIF_DIR="$root/build/sarif"
# dbmate from npm, which writes the history `strata import --from dbmate` is tested on.
./scripts/fetch-dbmate.sh build/dbmate
export STRATA_DBMATE="$root/build/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate"
jobs=$(nproc)
backends=(-DSTRATA_WITH_DUCKDB=ON -DDUCKDB_ROOT="$root/build/duckdb")
# -O1 with line tables only: half the compile time of -O2 -g on two cores, and backtraces still name lines.
quick=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG")

echo "== start PostgreSQL and MariaDB on 127.0.0.1"
trap './scripts/test-servers.sh stop' EXIT
for assignment in $(./scripts/test-servers.sh start); do export "$assignment"; done
# Every backend's suite must run: a server that did not start fails its tests instead of skipping them.
export STRATA_TEST_REQUIRE_SERVERS=1
export STRATA_CRASH_TRIALS=${STRATA_CRASH_TRIALS:-10}

# The suite runs once, under the sanitizers (the machine has 2 cores and CI 30 minutes); that build also
# serves the install and package tests (its installed library brings the sanitizers' runtime along) and
# the benchmark check.
echo "== build and test (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${quick[@]}" -DSTRATA_SANITIZE=ON -DSTRATA_BUILD_TESTS=ON "${backends[@]}" >/dev/null
cmake --build build/sanitize
# No fill of new blocks and a small quarantine of freed ones: DuckDB's allocation-heavy runs take a third
# less (a use after free is still caught while the block waits in the 8 MiB quarantine).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:max_malloc_fill_size=0:quarantine_size_mb=8
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/sanitize --output-on-failure -j "$jobs"

echo "== build and test the concurrent parts (ThreadSanitizer)"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${quick[@]}" -DSTRATA_TSAN=ON -DSTRATA_BUILD_TESTS=ON \
  -DSTRATA_WITH_POSTGRES=OFF -DSTRATA_WITH_MYSQL=OFF -DSTRATA_WITH_MONGODB=OFF "${backends[@]}" >/dev/null
cmake --build build/tsan --target strata_tests
TSAN_OPTIONS="halt_on_error=1:suppressions=$root/tests/tsan.supp" ctest --test-dir build/tsan --output-on-failure -j "$jobs"

echo "== benchmark harness check (N = 30, one run, the sanitized binary: it must run; its figures are not judged here)"
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/run-compare.sh --sizes 30 --runs 1 --out build/bench-check
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/large-file.sh --sizes 1 --out build/bench-check/large-file
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/lint.sh --files 200 --mb 1 --runs 1 --out build/bench-check/lint
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/schema.sh --tables 100 --runs 1 --out build/bench-check/schema
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/batch.sh --rows 50000 --out build/bench-check/batch
STRATA_BENCH_BINARY="$root/build/sanitize/strata" ./bench/fleet.sh --schemas 20 --parallel "1 4" --out build/bench-check/fleet

echo "== fuzzing (libFuzzer, 6 s a target; long runs: scripts/fuzz.sh 3600)"
./scripts/fuzz.sh 6

echo "all tests passed"
