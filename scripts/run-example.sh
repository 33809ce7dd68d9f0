#!/usr/bin/env bash
# The main job: install build dependencies, build strata, apply the example migrations to an embedded
# SQLite database (examples/example.db), apply its seed data and print the status table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

./scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target strata_cli

strata="$root/build/release/strata"
cd examples
echo
echo "\$ strata up        (in examples/, configured by examples/strata.toml)"
"$strata" up
echo
echo "\$ strata --env development seed   (seed data: db/seeds/ plus db/seeds/development/)"
"$strata" --env development seed
echo
echo "\$ strata status"
"$strata" status
