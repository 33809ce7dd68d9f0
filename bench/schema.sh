#!/usr/bin/env bash
# The schema commands, side by side with what a team would run otherwise:
#  - `strata dump` of a PostgreSQL schema of N tables (each with an identity key, a default, a foreign
#    key to the one before, a CHECK and an index) next to `pg_dump --schema-only` of the same database;
#    goal: 1,000 tables in under 1 s;
#  - `strata test` over the example project (every migration applied, reverted, compared and applied
#    again) next to a plain `strata up` of it, on SQLite.
# Best wall time of R runs; the table goes to stdout and OUT/schema.md.
#   bench/schema.sh                                # 1,000 tables, 3 runs, build/bench-schema
#   bench/schema.sh --tables 100 --runs 1 --out DIR
#   STRATA_BENCH_BINARY=build/test/strata bench/schema.sh
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tables=1000 runs=3 out=build/bench-schema
while (($#)); do
  case $1 in
    --tables) tables=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --tables N, --runs R or --out DIR)" >&2; exit 2 ;;
  esac
done
if [[ ! "$tables $runs" =~ ^[1-9][0-9]*\ [1-9][0-9]*$ ]]; then
  echo "--tables and --runs take whole numbers above 0; got $tables, $runs" >&2
  exit 2
fi

strata=$(bench/strata-binary.sh)
mkdir -p "$out"
out=$(realpath "$out")

export STRATA_SERVERS_DIR=/tmp/strata-bench-servers STRATA_SERVERS_PG_PORT=25439 STRATA_SERVERS_MY_PORT=23307
trap './scripts/test-servers.sh stop' EXIT
./scripts/test-servers.sh start >/dev/null
base=postgres://postgres@127.0.0.1:25439

# Best wall time of `runs` runs of the command, in ms.
best_ms() {
  local best="" start end ms
  for ((r = 0; r < runs; r++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null
    end=$EPOCHREALTIME
    ms=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
    if [[ -z $best ]] || awk -v m="$ms" -v b="$best" 'BEGIN { exit !(m < b) }'; then best=$ms; fi
  done
  echo "$best"
}

echo "generating a schema of $tables tables" >&2
work="$out/work"
rm -rf "$work" && mkdir -p "$work/migrations" "$work/example"
/usr/bin/python3 - "$tables" "$work/migrations/001_schema.sql" <<'EOF'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("-- strata:up\n")
    for i in range(n):
        ref = f",\n  parent_id bigint REFERENCES t{i - 1:04d} (id)" if i else ""
        f.write(f"CREATE TABLE t{i:04d} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                f"  name text NOT NULL DEFAULT '',\n  qty integer CHECK (qty >= 0){ref},\n"
                f"  created_at timestamptz NOT NULL DEFAULT now()\n);\n"
                f"CREATE INDEX t{i:04d}_name ON t{i:04d} (name);\n")
EOF
db="bench_schema"
PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -p 25439 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
url="$base/$db"
"$strata" --url "$url" --dir "$work/migrations" --no-backup up >/dev/null

dump_ms=$(best_ms "$strata" --url "$url" --dir "$work/migrations" dump --out "$work/schema.sql")
objects=$(head -n 1 "$work/schema.sql" | grep -o 'objects=[0-9]*' | cut -d= -f2)
pg_dump_ms="" pg_dump_name="pg_dump: not installed"
if command -v pg_dump >/dev/null; then
  pg_dump_name=$(pg_dump --version)
  pg_dump_ms=$(best_ms pg_dump --schema-only -h 127.0.0.1 -p 25439 -U postgres -f "$work/pg_dump.sql" "$db")
fi

cp -r examples/db "$work/example/"
up_ms=$(best_ms bash -c "rm -f '$work/example/up.db'; '$strata' --url 'sqlite:$work/example/up.db' --dir '$work/example/db/migrations' up")
test_ms=$(best_ms "$strata" --url "sqlite:$work/example/test.db" --dir "$work/example/db/migrations" test)
migrations=$(ls "$work/example/db/migrations" | sed -E 's/^([0-9]+).*/\1/' | sort -u | wc -l)

ratio() { [[ -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }' || echo "-"; }
{
  echo "| What | strata | the other | strata ÷ other |"
  echo "|---|---:|---:|---:|"
  echo "| dump of $tables PostgreSQL tables ($objects objects) vs \`$pg_dump_name --schema-only\` | $dump_ms ms | ${pg_dump_ms:--} ms | $(ratio "$dump_ms" "$pg_dump_ms") |"
  echo "| \`strata test\` of the example project ($migrations migrations) vs \`strata up\` of it, SQLite | $test_ms ms | $up_ms ms | $(ratio "$test_ms" "$up_ms") |"
  echo
  if awk -v m="$dump_ms" -v n="$tables" 'BEGIN { exit !(n >= 1000 && m < 1000) }'; then
    echo "Goal (dump of 1,000 tables under 1 s): met."
  elif ((tables >= 1000)); then
    echo "Goal (dump of 1,000 tables under 1 s): MISSED."
  else
    echo "Goal (dump of 1,000 tables under 1 s): not measured at $tables tables."
  fi
} | tee "$out/schema.md"
