#!/usr/bin/env bash
# One command for the side-by-side benchmark (bench/compare.py): installs the peers (sql-migrate from
# Debian, dbmate from npm), builds strata in Release, starts PostgreSQL and MariaDB with durable
# settings on their own ports, and writes bench/RESULTS.md, bench/results.svg and bench/results.json.
#   bench/run-compare.sh                                    # N = 100, 1,000, 10,000
#   bench/run-compare.sh --sizes 100 --runs 1 --out DIR     # the quick check CI runs (with STRATA_BENCH_BINARY)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

./scripts/install-deps.sh --bench
tools="$root/build/bench-tools"
dbmate="$tools/node_modules/@dbmate/linux-x64/bin/dbmate"
if [[ ! -x $dbmate ]]; then
  npm install --prefix "$tools" --no-save --no-audit --no-fund dbmate@2.36.0 @dbmate/linux-x64@2.36.0 >/dev/null
fi

strata=$(bench/strata-binary.sh)
# The library's start-up check joins the run, except in CI's quick check (STRATA_BENCH_BINARY set).
micro=()
if [[ -z ${STRATA_BENCH_BINARY:-} ]]; then
  cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_BENCH=ON >/dev/null
  cmake --build build/bench --target strata_bench >&2
  micro=(--micro "$root/build/bench/bench/strata_bench")
fi

export STRATA_SERVERS_DIR=/tmp/strata-bench-servers STRATA_SERVERS_PG_PORT=25439 STRATA_SERVERS_MY_PORT=23307
export STRATA_SERVERS_DURABLE=1
trap './scripts/test-servers.sh stop' EXIT
./scripts/test-servers.sh start >/dev/null

# Debian's python3, which has python3-matplotlib for the plot.
/usr/bin/python3 bench/compare.py --strata "$strata" --dbmate "$dbmate" \
  --sql-migrate /usr/bin/sql-migrate --pg-port 25439 --my-port 23307 "${micro[@]}" "$@"
