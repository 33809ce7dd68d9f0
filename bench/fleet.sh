#!/usr/bin/env bash
# A fleet: one migration set applied to S PostgreSQL schemas with `strata up --targets --parallel N`, for
# N = 1, 4 and 16, side by side with the ideal: one schema's time (a plain `strata up` of one fresh
# schema, median of 5) x S / N. The servers run with durable settings (fsync on), as in production.
# The table goes to stdout and OUT/fleet.md.
#   bench/fleet.sh                                   # 1,000 schemas, N = 1 4 16, build/bench-fleet
#   bench/fleet.sh --schemas 20 --parallel "1 4" --out DIR
#   STRATA_BENCH_BINARY=build/unity/strata bench/fleet.sh
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

schemas=1000 parallel="1 4 16" out=build/bench-fleet
while (($#)); do
  case $1 in
    --schemas) schemas=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --schemas S, --parallel \"N ...\" or --out DIR)" >&2; exit 2 ;;
  esac
done
if [[ ! "$schemas" =~ ^[1-9][0-9]*$ || ! "$parallel" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]]; then
  echo "--schemas takes a whole number above 0 and --parallel a list of them (\"1 4 16\"); got $schemas, \"$parallel\"" >&2
  exit 2
fi

strata=$(bench/strata-binary.sh)
mkdir -p "$out"
out=$(realpath "$out")

export STRATA_SERVERS_DIR=/tmp/strata-bench-fleet STRATA_SERVERS_PG_PORT=25441 STRATA_SERVERS_MY_PORT=23308
export STRATA_SERVERS_DURABLE=1
trap './scripts/test-servers.sh stop' EXIT
./scripts/test-servers.sh start >/dev/null
base=postgres://postgres@127.0.0.1:25441/postgres
psql_run() { PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 25441 -U postgres -d postgres "$@" >/dev/null; }

# A small, ordinary set: a table, an index, a column added later.
work="$out/work"
rm -rf "$work" && mkdir -p "$work/migrations"
printf -- '-- strata:up\nCREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n-- strata:down\nDROP TABLE accounts;\n' >"$work/migrations/001_accounts.sql"
printf -- '-- strata:up\nCREATE UNIQUE INDEX accounts_email ON accounts (email);\n-- strata:down\nDROP INDEX accounts_email;\n' >"$work/migrations/002_accounts_email.sql"
printf -- '-- strata:up\nALTER TABLE accounts ADD COLUMN plan text;\n-- strata:down\nALTER TABLE accounts DROP COLUMN plan;\n' >"$work/migrations/003_accounts_plan.sql"

# Drops the schemas named PREFIX_1..PREFIX_COUNT, a hundred a statement (each holds a few locks).
drop_schemas() {
  local prefix=$1 count=$2 from names
  for ((from = 1; from <= count; from += 100)); do
    names=$(seq -s, -f "${prefix}_%g" "$from" $((from + 99 < count ? from + 99 : count)))
    psql_run -c "DROP SCHEMA IF EXISTS $names CASCADE"
  done
}

ms_of() {  # wall time of the command, in ms
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}

echo "one schema's time: strata up on 5 fresh schemas" >&2
singles=()
for i in 1 2 3 4 5; do
  singles+=("$(ms_of "$strata" --url "$base?schema=fleet_one_$i" --dir "$work/migrations" --no-backup up)")
done
drop_schemas fleet_one 5
one_ms=$(printf '%s\n' "${singles[@]}" | sort -n | sed -n 3p)

rows=()
for n in $parallel; do
  echo "fleet of $schemas schemas, --parallel $n" >&2
  seq -f "fleet_p${n}_%g" 1 "$schemas" >"$work/targets-$n.txt"
  rm -f "$work/targets-$n.txt.state"
  start=$EPOCHREALTIME
  status=0
  "$strata" --url "$base" --dir "$work/migrations" --no-backup --json up --targets "$work/targets-$n.txt" \
    --parallel "$n" >"$work/fleet-$n.json" 2>/dev/null || status=$?
  end=$EPOCHREALTIME
  ms=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
  done_count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["done"])' "$work/fleet-$n.json")
  if ((status != 0 || done_count != schemas)); then
    echo "the fleet run with --parallel $n failed (exit $status, $done_count of $schemas done): $work/fleet-$n.json" >&2
    exit 1
  fi
  drop_schemas "fleet_p${n}" "$schemas"
  rows+=("$n $ms")
done

cores=$(nproc)
{
  echo "Fleet of $schemas PostgreSQL schemas, 3 migrations each; one schema alone: $one_ms ms (\`strata up\`, median of 5);"
  echo "machine: $cores cores, the server on the same machine; strata: $strata."
  echo
  echo "| --parallel N | measured | ideal: one schema × $schemas ÷ N | measured ÷ ideal | first row's time ÷ N | measured ÷ that | schemas/s |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  first_ms="" first_n=""
  for row in "${rows[@]}"; do
    read -r n ms <<<"$row"
    [[ -n $first_ms ]] || { first_ms=$ms; first_n=$n; }
    awk -v n="$n" -v ms="$ms" -v one="$one_ms" -v s="$schemas" -v f="$first_ms" -v fn="$first_n" 'BEGIN {
      ideal = one * s / n; scaled = f * fn / n
      printf "| %d | %.2f s | %.2f s | %.2f× | %.2f s | %.2f× | %.1f |\n", n, ms / 1000, ideal / 1000, ms / ideal,
             scaled / 1000, ms / scaled, s / (ms / 1000)
    }'
  done
} | tee "$out/fleet.md"
