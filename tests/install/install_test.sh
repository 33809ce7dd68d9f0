#!/usr/bin/env bash
# Installs strata from BUILD_DIR into a temporary prefix, builds examples/app against it with
# find_package(strata) and a one-file program with pkg-config, and checks both work.
set -euo pipefail
build_dir=$(realpath "$1")
source_dir=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/strata"
test -f "$work/prefix/include/strata/engine.h"

# find_package(strata CONFIG) + strata_embed_migrations
cmake -S "$source_dir/examples/app" -B "$work/app" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/app" >/dev/null
cd "$work"
if ./app/notes_app "sqlite:$work/pending.db" >out.json 2>err.txt; then
  echo "expected exit 1 with AUTO_MIGRATE off"; exit 1
fi
grep -q '"status":"pending"' out.json || { echo "not pending: $(cat out.json)"; exit 1; }
grep -q 'AUTO_MIGRATE is off' err.txt || { echo "no note: $(cat err.txt)"; exit 1; }
AUTO_MIGRATE=1 ./app/notes_app "sqlite:$work/notes.db" >out.json 2>err.txt || { cat out.json err.txt; exit 1; }
grep -q '"status":"healthy"' out.json || { echo "not healthy: $(cat out.json)"; exit 1; }
grep -q '"current_version":"003"' out.json || { echo "code migration missing: $(cat out.json)"; exit 1; }
./app/notes_app "sqlite:$work/notes.db" >/dev/null  # a second start: nothing to do, healthy

# The embedded checksums are the files' checksums: the installed CLI sees no modification.
"$work/prefix/bin/strata" --url "sqlite:$work/notes.db" --dir "$source_dir/examples/app/db/migrations" --json status \
  >status.json
grep -q '"modified": true' status.json && { echo "embedded checksum differs: $(cat status.json)"; exit 1; }
grep -q '"status": "applied"' status.json || { cat status.json; exit 1; }

# The installed command finds its driver modules (lib/strata/drivers) relative to itself.
if grep -q "STRATA_WITH_POSTGRES:BOOL=ON" "$build_dir/CMakeCache.txt"; then
  out=$("$work/prefix/bin/strata" --url postgres://probe@127.0.0.1:1/none --dir "$source_dir/examples/app/db/migrations" status 2>&1) || true
  grep -q "cannot connect to PostgreSQL" <<<"$out" || { echo "installed strata did not load its PostgreSQL driver: $out"; exit 1; }
fi

# pkg-config
cat >probe.cc <<'CC'
#include <strata/source.h>
#include <iostream>
int main() { std::cout << strata::Checksum("x") << '\n'; }
CC
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
g++ -o probe probe.cc $(pkg-config --cflags strata) $(pkg-config --libs strata)
./probe | grep -q '^sha256:' || { echo "pkg-config build failed"; exit 1; }

# strata/serve.h through pkg-config: its server (cpp-httplib) links, and answers on a free port.
cat >serve_probe.cc <<'CC'
#include <strata/serve.h>
#include <iostream>
int main() {
  strata::ServeOptions options;
  options.url = "sqlite::memory:";
  options.listen = "127.0.0.1:0";
  options.migrations = [] { return strata::Result<strata::MigrationSet>(strata::MigrationSet{}); };
  auto server = strata::StatusServer::Start(options);
  if (!server.ok() || (*server)->port() <= 0) return 1;
  std::cout << strata::AnswerRequest(options, {"GET", "/nope", ""}).status << '\n';
}
CC
g++ -o serve_probe serve_probe.cc $(pkg-config --cflags strata) $(pkg-config --libs strata)
./serve_probe | grep -q '^404$' || { echo "serve.h through pkg-config failed"; exit 1; }
echo "install test passed"
