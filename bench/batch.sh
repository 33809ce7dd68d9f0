#!/usr/bin/env bash
# Batched data migrations (docs/batched-migrations.md) against the one statement they replace, on a
# table of N rows (id bigint primary key), on PostgreSQL (durable settings) and SQLite:
#  - total time of `strata up` of `UPDATE t SET n = n + 1` batched (`-- strata:batch size=10000`) and as
#    one statement in one transaction; goal: batched within 1.25x of the single statement;
#  - while each runs, a concurrent writer updates random single rows in a loop (psql / sqlite3 with
#    per-statement timing): the longest and the p99 time one of its statements took, i.e. how long the
#    application waits for a row lock;
#  - each batch's own time (strata's report: median, p99, max); goal: under 100 ms at the default size.
# The table goes to stdout and OUT/batch.md.
#   bench/batch.sh                             # 10,000,000 rows
#   bench/batch.sh --rows 50000 --out DIR      # the quick check CI runs (with STRATA_BENCH_BINARY)
#   bench/batch.sh --databases sqlite          # one database only (postgres, sqlite, or both: the default)
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

rows=10000000 out=build/bench-batch size=10000 databases="postgres sqlite"
while (($#)); do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --databases) databases=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --rows N, --size N, --databases LIST or --out DIR)" >&2; exit 2 ;;
  esac
done
for kind in $databases; do
  [[ $kind == postgres || $kind == sqlite ]] || { echo "--databases takes postgres and/or sqlite; got $kind" >&2; exit 2; }
done
if [[ ! "$rows $size" =~ ^[1-9][0-9]*\ [1-9][0-9]*$ ]]; then
  echo "--rows and --size take whole numbers above 0; got $rows, $size" >&2
  exit 2
fi

strata=$(bench/strata-binary.sh)
mkdir -p "$out"
out=$(realpath "$out")
work="$out/work"
rm -rf "$work" && mkdir -p "$work"

pg_port=${STRATA_BENCH_BATCH_PG_PORT:-25471}
export STRATA_SERVERS_DIR=/tmp/strata-bench-batch-servers STRATA_SERVERS_PG_PORT=$pg_port
export STRATA_SERVERS_MY_PORT=${STRATA_BENCH_BATCH_MY_PORT:-23111} STRATA_SERVERS_DURABLE=1
trap './scripts/test-servers.sh stop' EXIT
./scripts/test-servers.sh start >/dev/null
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

# migrations DIR BATCHED: the table is made outside strata (its size is the point, not its loading).
migrations() {
  mkdir -p "$1"
  if [[ $2 == yes ]]; then
    printf -- '-- strata:batch size=%s\n-- strata:up\nUPDATE t SET n = n + 1;\n' "$size" >"$1/001_raise.sql"
  else
    printf -- '-- strata:up\nUPDATE t SET n = n + 1;\n' >"$1/001_raise.sql"
  fi
}

# The writer: random single-row updates of another column, each timed by its client, until killed.
writer_statements() {
  awk -v n="$rows" 'BEGIN { srand(7); while (1) printf "UPDATE t SET w = w + 1 WHERE id = %d;\n", 1 + int(rand() * n) }'
}

# "max_ms p99_ms count" of the timings in FILE (one number in ms a line).
latencies() {
  sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - 0"; exit } i = int(NR * 0.99); if (i < 1) i = 1;
                       printf "%.1f %.1f %d\n", v[NR], v[i], NR }'
}

# run KIND BATCHED: loads the table, runs `strata up` with the writer beside it; prints
# "total_ms writer_max writer_p99 writer_n batch_note".
run() {
  local kind=$1 batched=$2 dir="$work/$1-$2" url start end
  migrations "$dir/migrations" "$batched"
  if [[ $kind == postgres ]]; then
    psql_ -d postgres -c "DROP DATABASE IF EXISTS bench_batch" -c "CREATE DATABASE bench_batch" >/dev/null
    psql_ -d bench_batch -c "CREATE TABLE t (id bigint PRIMARY KEY, n integer NOT NULL DEFAULT 0, w integer NOT NULL DEFAULT 0)" \
      -c "INSERT INTO t (id) SELECT generate_series(1, $rows)" -c "VACUUM ANALYZE t" >/dev/null
    url="postgres://postgres@127.0.0.1:$pg_port/bench_batch"
    (writer_statements | psql_ -d bench_batch -c '\timing on' -f - 2>/dev/null |
      awk '/^Time:/ { print $2; fflush() }' >"$dir/writer.ms") &
  else
    rm -f "$dir/bench.db"
    sqlite3 "$dir/bench.db" "PRAGMA journal_mode=WAL;" \
      "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer NOT NULL DEFAULT 0, w integer NOT NULL DEFAULT 0);" \
      "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $rows) INSERT INTO t (id) SELECT i FROM c;" >/dev/null
    url="sqlite:$dir/bench.db"
    (writer_statements | sqlite3 -cmd ".timeout 600000" -cmd ".timer on" "$dir/bench.db" 2>/dev/null |
      awk '/^Run Time:/ { print $4 * 1000; fflush() }' >"$dir/writer.ms") &
  fi
  local writer=$!
  sleep 1  # the writer is going
  start=$EPOCHREALTIME
  "$strata" --json --url "$url" --dir "$dir/migrations" --no-backup up >"$dir/up.json" 2>"$dir/up.err"
  end=$EPOCHREALTIME
  pkill -P "$writer" 2>/dev/null || true
  kill "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  local total
  total=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  local note
  note=$(grep -o 'each batch [^"]*' "$dir/up.json" || echo "one statement")
  echo "$total $(latencies "$dir/writer.ms") $note"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v m="$1" 'BEGIN { if (m >= 10000) printf "%.1f s", m / 1000; else printf "%d ms", m }'; }

{
  echo "Batched \`UPDATE t SET n = n + 1\` (size=$size) vs one statement, $rows rows; a concurrent writer updates random rows."
  echo
  echo "| database | one statement | batched | batched ÷ one | writer's longest wait: one / batched | writer p99: one / batched | each batch |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  verdict=""
  for kind in $databases; do
    echo "running $kind, one statement" >&2
    read -r one_ms one_max one_p99 one_n _ <<<"$(run "$kind" no)"
    echo "running $kind, batched" >&2
    read -r b_ms b_max b_p99 b_n b_note <<<"$(run "$kind" yes)"
    r=$(ratio "$b_ms" "$one_ms")
    echo "| $kind | $(ms "$one_ms") | $(ms "$b_ms") | ${r}x | $one_max ms / $b_max ms | $one_p99 ms / $b_p99 ms | ${b_note#each batch } |"
    worst=$(grep -o '[0-9]* ms at most' <<<"$b_note" | cut -d' ' -f1)
    awk -v r="$r" 'BEGIN { exit !(r <= 1.25) }' && verdict+="$kind: total within 1.25x ($r). " || verdict+="$kind: total MISSED 1.25x ($r). "
    [[ -n $worst ]] && { ((worst < 100)) && verdict+="$kind: longest batch $worst ms < 100 ms. " || verdict+="$kind: longest batch $worst ms, MISSED 100 ms. "; }
  done
  echo
  echo "Goals at $rows rows: $verdict"
} | tee "$out/batch.md"
