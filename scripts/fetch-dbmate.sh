#!/usr/bin/env bash
# Installs dbmate into DIR (default build/dbmate) from npm: the `dbmate` package with its linux-x64
# binary. The import tests (tests/cli/import_test.cc) let the real dbmate write its history and find the
# binary through STRATA_DBMATE=DIR/node_modules/@dbmate/linux-x64/bin/dbmate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$root/build/dbmate}")
version=2.36.0
binary="$dir/node_modules/@dbmate/linux-x64/bin/dbmate"

if [[ -x "$binary" && "$(cat "$dir/VERSION" 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-dbmate.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
npm install --silent --no-save --no-audit --no-fund --prefix "$dir" "dbmate@$version" "@dbmate/linux-x64@$version" >/dev/null
[[ -x "$binary" ]] || { echo "fetch-dbmate.sh: npm did not install $binary" >&2; exit 1; }
echo "$version" > "$dir/VERSION"
echo "dbmate in $dir"
