#!/usr/bin/env bash
# Fetches DuckDB's C API for the optional DuckDB driver into DIR (default build/duckdb): the header from
# npm's `duckdb` package and libduckdb.so from `@duckdb/node-bindings-linux-x64`, at pinned versions of
# the same DuckDB release. Then: cmake -DSTRATA_WITH_DUCKDB=ON -DDUCKDB_ROOT=DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$root/build/duckdb}")
header_package="duckdb@1.4.4"
library_package="@duckdb/node-bindings-linux-x64@1.4.4-r.1"

if [[ -f "$dir/include/duckdb.h" && -f "$dir/lib/libduckdb.so" && "$(cat "$dir/VERSION" 2>/dev/null)" == "$header_package $library_package" ]]; then
  exit 0
fi
if [[ "$(uname -m)" != "x86_64" ]]; then
  echo "fetch-duckdb.sh: only linux-x64 is fetched; on $(uname -m) point DUCKDB_ROOT at a DuckDB build" >&2
  exit 1
fi
command -v npm >/dev/null || { echo "fetch-duckdb.sh: npm is needed (apt-get install npm)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$header_package" "$library_package" >/dev/null)
mkdir -p "$work/header" "$work/library" "$dir/include" "$dir/lib"
tar -xzf "$work"/duckdb-1.*.tgz -C "$work/header" package/src/duckdb/src/include/duckdb.h
tar -xzf "$work"/duckdb-node-bindings-linux-x64-*.tgz -C "$work/library" package/libduckdb.so
cp "$work/header/package/src/duckdb/src/include/duckdb.h" "$dir/include/"
cp "$work/library/package/libduckdb.so" "$dir/lib/"
echo "$header_package $library_package" > "$dir/VERSION"
echo "DuckDB C API in $dir ($header_package, $library_package)"
