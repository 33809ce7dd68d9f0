#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (AddressSanitizer and UndefinedBehaviorSanitizer) and
# runs each for SECONDS (default 45), seeded from the example and test migrations. Fails on the first
# crash or broken invariant, leaving the input in build/fuzz/artifacts/. A long run: scripts/fuzz.sh 3600.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-45}

cmake -S fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build/fuzz
corpus=build/fuzz/corpus
mkdir -p "$corpus/splitter" "$corpus/migration_file" "$corpus/json_placeholders" "$corpus/url" "$corpus/lint" build/fuzz/artifacts
for f in examples/db/migrations/* tests/data/embedded/*; do
  [[ -f $f ]] && cp "$f" "$corpus/migration_file/" && cp "$f" "$corpus/splitter/"
done
# The lint corpus, each file behind its dialect's selector byte (postgres 0, mysql 1, sqlite 2, duckdb 3, mongodb 4).
for pair in postgres:0 mysql:1 sqlite:2 duckdb:3 mongodb:4; do
  for f in tests/data/lint/"${pair%%:*}"/*; do
    { printf "\\x$(printf '%02x' "${pair##*:}")"; cat "$f"; } >"$corpus/lint/${pair%%:*}-$(basename "$f")"
  done
done
printf 'caf\xe9 \xe6\x97\xa5\n-- strata:up\nSELECT 1;\n' >"$corpus/migration_file/name-in-first-line"
printf 'C:\\new\\table' >"$corpus/json_placeholders/backslashes"
printf 'gold", "x": "injected' >"$corpus/json_placeholders/injection"
printf '42' >"$corpus/json_placeholders/number"
printf 'postgres://app:s3cret@db.internal:5432/app?schema=app' >"$corpus/url/postgres"
printf 'mysql://app:p%%40ss@127.0.0.1:3306/app?password=other' >"$corpus/url/mysql"
printf 'mongodb://u:pw12@a,b/db?replicaSet=rs' >"$corpus/url/mongodb"

for target in splitter migration_file json_placeholders url lint; do
  log=build/fuzz/$target.log
  if ! "build/fuzz/${target}_fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix=build/fuzz/artifacts/ "$corpus/$target" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $target found a crash or a broken invariant (input in build/fuzz/artifacts/)"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
  echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, ${cov:-cov: ?}, no crash"
done
