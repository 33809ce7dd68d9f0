#!/usr/bin/env bash
# docs/reference.md and the man page are what the binary generates from its command-line definition,
# and the man page renders without warnings.
# Usage: reference_test.sh STRATA_BINARY SOURCE_DIR BUILD_DIR
set -euo pipefail
strata=$1
source_dir=$2
build_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$strata" __reference markdown >"$work/reference.md"
if ! diff -u "$source_dir/docs/reference.md" "$work/reference.md"; then
  echo "docs/reference.md differs from what the binary generates from the command-line definition (above)."
  echo "Regenerate it: $strata __reference markdown > $source_dir/docs/reference.md"
  exit 1
fi

page="$build_dir/share/strata.1"
test -s "$page" || { echo "no man page at $page (the target strata_man_and_completions writes it)"; exit 1; }
"$strata" __reference man | diff -u - "$page" || { echo "$page is stale: rebuild"; exit 1; }
groff -man -Tutf8 -ww -z "$page" 2>"$work/warnings.txt"
if [[ -s "$work/warnings.txt" ]]; then
  echo "groff warns about $page:"; cat "$work/warnings.txt"; exit 1
fi
MANWIDTH=100 man -l "$page" 2>"$work/man-errors.txt" >"$work/page.txt"
[[ -s "$work/man-errors.txt" ]] && { echo "man -l: $(cat "$work/man-errors.txt")"; exit 1; }
for heading in NAME SYNOPSIS "GLOBAL OPTIONS" COMMANDS "EXIT STATUS"; do
  grep -q "^$heading" "$work/page.txt" || { echo "the man page has no $heading section"; exit 1; }
done
grep -q -- "--lock-timeout" "$work/page.txt" || { echo "the man page lacks --lock-timeout"; exit 1; }
echo "reference test passed"
