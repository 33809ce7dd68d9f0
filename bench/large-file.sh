#!/usr/bin/env bash
# Applying ONE very large SQL migration on SQLite: strata `up` side by side with SQLite's own shell
# (`sqlite3`) running the same statements in one transaction. For each size it generates two inputs
# holding the same rows (about 100 bytes each, 10,000 per MB, a `;` and a `''` in every string):
#   rows  - one single-row INSERT per row (100,000 statements for 10 MB);
#   batch - one multi-row INSERT per MB, 10,000 rows in each (100 statements of ~1 MB for 100 MB).
# Each command runs on a fresh database under GNU time (wall seconds, peak RSS). It prints a markdown
# table with the verdicts and writes it to OUT/large-file.md. Targets for strata: time within 1.5x of
# the shell's, peak RSS under 2x the file size + 30 MiB. Missed targets are reported (exit 0); a
# command that fails, or leaves other than the expected rows, stops the run (exit 1).
#   bench/large-file.sh                                  # 10 and 100 MB into build/bench-large
#   bench/large-file.sh --sizes 1 --out /tmp/large       # quick check
#   STRATA_BENCH_BINARY=build/test/strata bench/large-file.sh --sizes 1
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sizes=10,100
out=build/bench-large
while (($#)); do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (use --sizes 10,100 or --out DIR)" >&2; exit 2 ;;
  esac
done
if [[ ! $sizes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]]; then
  echo "--sizes takes whole megabytes separated by commas, e.g. 10,100; got '$sizes'" >&2
  exit 2
fi

# GNU time and the sqlite3 shell, from Debian; apt-get runs only when one is missing.
missing=()
for p in time sqlite3 python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

strata=$(bench/strata-binary.sh)
mkdir -p "$out"
out=$(realpath "$out")

# Writes DIR/migrations/001_big.sql (strata's input) and DIR/shell.sql (the same statements between
# BEGIN and COMMIT) for SIZE megabytes of SHAPE; prints the number of statements in the up part.
generate() {
  /usr/bin/python3 - "$@" <<'EOF'
import os, sys
size_mb, shape, d = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rows_per_mb, row_bytes = 10_000, 100
os.makedirs(f"{d}/migrations", exist_ok=True)
create = "CREATE TABLE big_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT NOT NULL);\n"

def row(i, head, tail):
    # head + "(i, 'name i', 'row i; it''s xxx...')" + tail, padded to row_bytes.
    text = f"{head}({i}, 'name {i}', 'row {i}; it''s "
    return text + "x" * (row_bytes - len(text) - 2 - len(tail)) + "')" + tail

def statements():
    yield create
    if shape == "rows":
        for i in range(1, size_mb * rows_per_mb + 1):
            yield row(i, "INSERT INTO big_rows (id, name, note) VALUES ", ";\n")
    else:
        for mb in range(size_mb):
            first = mb * rows_per_mb + 1
            yield "INSERT INTO big_rows (id, name, note) VALUES\n" + "".join(
                row(i, "", ",\n" if i < first + rows_per_mb - 1 else ";\n")
                for i in range(first, first + rows_per_mb))

count = -1  # the CREATE TABLE is not counted
with open(f"{d}/migrations/001_big.sql", "w") as up, open(f"{d}/shell.sql", "w") as shell:
    up.write("-- strata:up\n")
    shell.write("BEGIN;\n")
    for s in statements():
        up.write(s)
        shell.write(s)
        count += 1
    up.write("-- strata:down\nDROP TABLE big_rows;\n")
    shell.write("COMMIT;\n")
print(count)
EOF
}

# Runs a command under GNU time in the current directory; sets `seconds` and `rss_kib`. On failure,
# shows the end of its log and stops the run.
measure() {
  local log=$1
  shift
  if ! /usr/bin/time -f '%e %M' -o time.txt "$@" >"$log" 2>&1; then
    echo "failed in $PWD: $*" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  read -r seconds rss_kib <time.txt
}

# The rows each command left, so a command that did nothing cannot pass as fast.
check_rows() {
  local got
  got=$(sqlite3 "$1" 'SELECT count(*) FROM big_rows' 2>&1 || true)
  if [[ $got != "$2" ]]; then
    echo "$PWD/$1: expected $2 rows in big_rows, found: $got" >&2
    exit 1
  fi
}

table="| size | shape | statements | shell s | strata s | strata/shell | shell peak RSS MiB | strata peak RSS MiB | file MiB | targets met |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
for size in ${sizes//,/ }; do
  for shape in rows batch; do
    dir="$out/${size}mb-$shape"
    rm -rf "$dir"
    echo "generating $dir" >&2
    statements=$(generate "$size" "$shape" "$dir")
    cd "$dir"
    file_bytes=$(stat -c %s migrations/001_big.sql)

    echo "  sqlite3 shell" >&2
    measure shell.log sqlite3 -bail fresh.db <shell.sql
    check_rows fresh.db $((size * 10000))
    shell_s=$seconds shell_kib=$rss_kib

    echo "  strata up" >&2
    measure strata.log "$strata" --url sqlite:fresh2.db --dir migrations up
    check_rows fresh2.db $((size * 10000))
    strata_s=$seconds strata_kib=$rss_kib
    cd "$root"

    table+=$'\n'$(awk -v size="$size" -v shape="$shape" -v n="$statements" -v ss="$shell_s" -v ts="$strata_s" \
      -v sk="$shell_kib" -v tk="$strata_kib" -v fb="$file_bytes" 'BEGIN {
        file_mib = fb / 1048576; strata_mib = tk / 1024
        ratio = ss > 0 ? sprintf("%.2f", ts / ss) : "n/a"
        missed = ""
        if (ss > 0 ? ts > 1.5 * ss : ts > 0) missed = "time"
        if (strata_mib >= 2 * file_mib + 30) missed = missed (missed ? ", " : "") "RSS"
        printf "| %d MB | %s | %d | %.2f | %.2f | %s | %.1f | %.1f | %.1f | %s |",
          size, shape, n, ss, ts, ratio, sk / 1024, strata_mib, file_mib, missed ? "no: " missed : "yes"
      }')
  done
done

report="# One large migration on SQLite: strata vs the sqlite3 shell

strata: \`$strata\`; sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores.
Targets for strata: time within 1.5x of the shell's; peak RSS under 2x the file size + 30 MiB.

$table"
echo "$report" | tee "$out/large-file.md"
