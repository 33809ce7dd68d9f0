#!/usr/bin/env bash
# `strata lint` on PostgreSQL migrations, side by side with squawk (squawk-cli from npm; its
# @squawk-cli/<platform> binary is called directly, not through node). Generated deterministically:
# N migrations in strata's format (ten kinds of change in turn, about half of them risky) and one
# migration of about S MB (single-row INSERTs, a `;` and a `''` in every string, a DDL statement or a
# backfill every 1,000 rows). Best wall time of R runs, peak RSS from GNU time when installed; the
# table goes to stdout and OUT/lint.md. Goals: 10,000 files under 1 s; a 10 MB file at least 10 MB/s.
# Missed goals and a missing or failing squawk are reported (exit 0); strata failing stops the run (exit 1).
#   bench/lint.sh                                            # 10,000 files, 10 MB, 3 runs, build/bench-lint
#   bench/lint.sh --files 200 --mb 1 --runs 1 --out DIR     # quick check
#   STRATA_BENCH_BINARY=build/test/strata bench/lint.sh
set -euo pipefail
export LC_ALL=C  # EPOCHREALTIME and awk with a `.` decimal point
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

files=10000 mb=10 runs=3 out=build/bench-lint
while (($#)); do
  case $1 in
    --files) files=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --files N, --mb S, --runs R or --out DIR)" >&2; exit 2 ;;
  esac
done
if [[ ! "$files $mb $runs" =~ ^[1-9][0-9]*\ [1-9][0-9]*\ [1-9][0-9]*$ ]]; then
  echo "--files, --mb and --runs take whole numbers above 0; got $files, $mb, $runs" >&2
  exit 2
fi

strata=$(bench/strata-binary.sh)
mkdir -p "$out"
out=$(realpath "$out")

# squawk's npm package has no install script: the binary is in an optional per-platform package.
squawk_version=2.66.0
case $(uname -m) in x86_64) platform=linux-x64 ;; aarch64) platform=linux-arm64 ;; *) platform="" ;; esac
squawk="$out/node/node_modules/@squawk-cli/$platform/bin/squawk"
if [[ -n $platform && ! -x $squawk ]] && command -v npm >/dev/null; then
  echo "installing squawk-cli@$squawk_version from npm into $out/node" >&2
  npm install --prefix "$out/node" --no-save --no-audit --no-fund "squawk-cli@$squawk_version" \
    "@squawk-cli/$platform@$squawk_version" >"$out/npm.log" 2>&1 || true
fi
if ! squawk_name=$("$squawk" --version 2>/dev/null); then
  echo "squawk is not installed (no npm or no package for $(uname -m); see $out/npm.log): strata alone" >&2
  squawk="" squawk_name="squawk: not installed"
fi

echo "generating $files migrations and a $mb MB file in $out" >&2
rm -rf "$out/migrations" "$out/big" && mkdir "$out/migrations" "$out/big"
/usr/bin/python3 - "$files" "$mb" "$out" <<'EOF'
import sys
n, mb, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
# Each block of ten migrations creates its table, then changes it: strata takes it as existing from
# the second migration on, so the index, foreign key, SET NOT NULL and DROP COLUMN are findings.
kinds = [
    ("create_{t}", "CREATE TABLE {t} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
     "  account_id bigint NOT NULL,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n",
     "DROP TABLE {t};\n"),
    ("add_note_to_{t}", "ALTER TABLE {t} ADD COLUMN note text;\n", "ALTER TABLE {t} DROP COLUMN note;\n"),
    ("index_{t}_name", "CREATE INDEX {t}_name_idx ON {t} (name);\n", "DROP INDEX {t}_name_idx;\n"),
    ("index_{t}_created", "CREATE INDEX CONCURRENTLY IF NOT EXISTS {t}_created_idx ON {t} (created_at);\n",
     "DROP INDEX CONCURRENTLY IF EXISTS {t}_created_idx;\n"),
    ("backfill_{t}_note",
     "UPDATE {t} SET note = 'backfill; it''s {i}'\n WHERE id BETWEEN 1 AND 10000 AND note IS NULL;\n", ""),
    ("link_{t}_accounts",
     "ALTER TABLE {t} ADD CONSTRAINT {t}_account_fk\n  FOREIGN KEY (account_id) REFERENCES accounts (id);\n",
     "ALTER TABLE {t} DROP CONSTRAINT {t}_account_fk;\n"),
    ("seed_{t}", "INSERT INTO {t} (account_id, name) VALUES (1, 'seed {i}'), (2, 'O''Brien; row {i}');\n",
     "DELETE FROM {t} WHERE name LIKE 'seed %' OR name LIKE 'O''Brien; row %';\n"),
    ("touch_{t}", "CREATE OR REPLACE FUNCTION {t}_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
     "  NEW.created_at := now(); -- a ; in a body\n  RETURN NEW;\nEND;\n$$;\n", "DROP FUNCTION {t}_touch();\n"),
    ("require_{t}_note", "ALTER TABLE {t} ALTER COLUMN note SET NOT NULL;\n",
     "ALTER TABLE {t} ALTER COLUMN note DROP NOT NULL;\n"),
    ("drop_{t}_note", "ALTER TABLE {t} DROP COLUMN note;\n", "ALTER TABLE {t} ADD COLUMN note text;\n"),
]
for i in range(n):
    name, up, down = kinds[i % 10]
    t = f"t{i // 10:05d}"
    head = "-- strata:up transaction:false\n" if i % 10 == 3 else "-- strata:up\n"
    with open(f"{d}/migrations/{20260101000001 + i}_{name.format(t=t)}.sql", "w") as f:
        f.write((head + up + "\n-- strata:down\n" + down).format(t=t, i=i))

# Every 1,000 rows a change: on the new table none is a finding; on `accounts` (existing) some are.
ddl = ["CREATE INDEX accounts_c{k}_idx ON accounts (id);\n", "ALTER TABLE accounts ADD COLUMN c{k} text;\n",
       "UPDATE accounts SET c{k} = 'x' WHERE id < 100;\n", "ALTER TABLE big_events ADD COLUMN c{k} text;\n",
       "DO $$ BEGIN PERFORM 1; END $$;\n"]
with open(f"{d}/big/20260101000000_big.sql", "w") as f:
    size = f.write("-- strata:up\n"
                   "CREATE TABLE big_events (id bigint PRIMARY KEY, kind text NOT NULL, note text NOT NULL);\n")
    i = 0
    while size < mb * 1_000_000:
        i += 1
        text = f"INSERT INTO big_events (id, kind, note) VALUES ({i}, 'kind {i % 7}', 'event {i}; it''s "
        size += f.write(text + "x" * max(0, 96 - len(text)) + "');\n")
        if i % 1000 == 0:
            size += f.write(ddl[(i // 1000) % 5].format(k=i // 1000))
    f.write("-- strata:down\nDROP TABLE big_events;\n")
EOF

# Best wall time of R runs (bash's clock: GNU time's has 10 ms steps) and that run's peak RSS in KiB.
# An exit status above OK is a failure (squawk exits 1 when it finds something).
gnu_time=$(command -v /usr/bin/time || true)
measure() {
  local ok=$1 log=$2 r t0 s rc wrap=()
  shift 2
  best_s="" best_kib=""
  [[ -z $gnu_time ]] || wrap=("$gnu_time" -f %M -o "$log.time")
  for ((r = 0; r < runs; r++)); do
    t0=$EPOCHREALTIME rc=0
    "${wrap[@]}" "$@" >"$log" 2>"$log.err" || rc=$?
    s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
    if ((rc > ok)); then echo "failed (exit $rc): $*" >&2; tail -n 20 "$log.err" >&2; return 1; fi
    if [[ -z $best_s ]] || awk -v s="$s" -v b="$best_s" 'BEGIN { exit !(s < b) }'; then
      best_s=$s
      [[ -z $gnu_time ]] || best_kib=$(tail -n 1 "$log.time")  # after "Command exited with ..." if any
    fi
  done
}
# Findings in a JSON report, so a tool that read nothing cannot pass as fast.
findings() { grep -o '"rule\(_name\)\?":' "$1" | wc -l || true; }

table="| case | input MB | strata s | squawk s | strata/squawk | strata MB/s | peak RSS MiB strata / squawk | findings strata / squawk | goal | met |
|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
for case in files big; do
  input=$out/migrations pattern="$out/migrations/*.sql" label="$files files" goal="10,000 files under 1 s"
  [[ $case == files ]] || input=$out/big/20260101000000_big.sql pattern=$out/big/20260101000000_big.sql \
    label="1 file of $mb MB" goal="10 MB file at least 10 MB/s"
  echo "  $label: strata" >&2
  measure 0 "$out/strata-$case.json" "$strata" lint --dialect postgres --format json --fail-on none "$input" || exit 1
  st=$best_s sk=$best_kib sf=$(findings "$out/strata-$case.json")
  qt="not installed" qk="" qf="–"
  if [[ -n $squawk ]]; then
    echo "  $label: squawk" >&2
    # squawk expands the quoted pattern itself (no limit on arguments); its failure is reported, not fatal.
    qt="failed"
    if measure 1 "$out/squawk-$case.json" "$squawk" --reporter json "$pattern"; then
      qt=$best_s qk=$best_kib qf=$(findings "$out/squawk-$case.json")
    fi
  fi
  bytes=$(find "$input" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  table+=$'\n'$(awk -v c="$label" -v b="$bytes" -v st="$st" -v qt="$qt" -v sk="$sk" -v qk="$qk" -v sf="$sf" \
    -v qf="$qf" -v goal="$goal" -v kind="$case" -v n="$files" 'BEGIN {
      rate = st > 0 ? b / 1e6 / st : 0
      ratio = qt + 0 > 0 ? sprintf("%.2f", st / qt) : "–"
      rss = (sk == "" ? "n/a" : sprintf("%.1f", sk / 1024)) " / " \
        (qt !~ /^[0-9]/ ? "–" : qk == "" ? "n/a" : sprintf("%.1f", qk / 1024))
      if (kind == "files") met = n >= 10000 ? (st < 1 ? "yes" : "no") : "n/a (N < 10,000)"
      else met = rate >= 10 ? "yes" : "no"
      printf "| %s | %.2f | %.3f | %s | %s | %.1f | %s | %s / %s | %s | %s |",
        c, b / 1e6, st, qt !~ /^[0-9]/ ? qt : sprintf("%.3f", qt), ratio, rate, rss, sf, qf, goal, met
    }')
done

report="# strata lint on PostgreSQL migrations, side by side with squawk

strata: \`$strata\`; $squawk_name; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC').
Best of $runs run(s), wall seconds. squawk lints each file whole (it does not know \`-- strata:down\`, so
it reads the down parts too) and does not carry tables across files; strata does, so findings differ.
Goals: 10,000 files under 1 s; 10 MB file at least 10 MB/s.

$table"
echo "$report" | tee "$out/lint.md"
