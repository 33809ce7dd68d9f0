#!/usr/bin/env bash
# Builds the Debian package from BUILD_DIR (`cmake --build BUILD_DIR --target package`), checks its
# fields and contents, installs it with dpkg into an empty root whose dpkg database knows this system's
# packages (so Depends must resolve against them), then checks the installed command, man page,
# completions and library: `strata --version`, the example migrations applied to a SQLite file, and a
# program built with find_package(strata).
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$(realpath "$1")
source_dir=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package test: $*"; exit 1; }

version=$(sed -n 's/^project(strata VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
deb="$build_dir/strata_${version}_$(dpkg --print-architecture).deb"
rm -f "$deb"
cmake --build "$build_dir" --target package >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
test -f "$deb" || fail "no $deb; cpack made: $(ls "$build_dir"/*.deb 2>/dev/null)"

dpkg-deb --field "$deb" Package Version Architecture Depends >"$work/fields.txt"
grep -qx "Package: strata" "$work/fields.txt" || fail "wrong name: $(cat "$work/fields.txt")"
grep -qx "Version: $version" "$work/fields.txt" || fail "wrong version: $(cat "$work/fields.txt")"
depends=$(sed -n 's/^Depends: //p' "$work/fields.txt")
for library in libc6 libstdc++6 libsqlite3-0 libssl3 libfmt; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
grep -q "STRATA_WITH_POSTGRES:BOOL=ON" "$build_dir/CMakeCache.txt" && { grep -q libpq5 <<<"$depends" || fail "Depends lacks libpq5: $depends"; }
grep -q "STRATA_WITH_MYSQL:BOOL=ON" "$build_dir/CMakeCache.txt" && { grep -q libmariadb3 <<<"$depends" || fail "Depends lacks libmariadb3: $depends"; }
grep -q "STRATA_WITH_MONGODB:BOOL=ON" "$build_dir/CMakeCache.txt" && { grep -q libmongoc <<<"$depends" || fail "Depends lacks libmongoc: $depends"; }

dpkg-deb --contents "$deb" | awk '{print $6}' >"$work/contents.txt"
drivers=()
for driver in postgres mysql mongodb duckdb; do
  option=STRATA_WITH_$(tr a-z A-Z <<<"$driver")
  grep -q "$option:BOOL=ON" "$build_dir/CMakeCache.txt" && drivers+=("$driver")
done
for driver in "${drivers[@]}"; do
  for path in "./usr/lib/strata/drivers/libstrata-$driver.so" "./usr/lib/libstrata-$driver.a"; do
    grep -qx -- "$path" "$work/contents.txt" || fail "the package lacks $path"
  done
done
for path in ./usr/bin/strata ./usr/lib/libstrata.a ./usr/include/strata/engine.h ./usr/include/strata/release.h \
            ./usr/lib/cmake/strata/strataConfig.cmake ./usr/lib/pkgconfig/strata.pc ./usr/share/man/man1/strata.1 \
            ./usr/share/bash-completion/completions/strata ./usr/share/zsh/vendor-completions/_strata \
            ./usr/share/fish/vendor_completions.d/strata.fish; do
  grep -qx -- "$path" "$work/contents.txt" || fail "the package lacks $path"
done

# An empty root with a dpkg database seeded from this system's: dpkg -i refuses the package unless every
# Depends is an installed package.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
cp /var/lib/dpkg/status "$root/var/lib/dpkg/status"
touch "$root/var/lib/dpkg/available"
# The package's postinst runs ldconfig (it ships libduckdb.so in a build with DuckDB). The root has no
# shell to chroot into, so dpkg runs the script here, with an ldconfig that only notes it was called:
# the real one would rewrite this system's cache.
mkdir -p "$work/tools"
printf '#!/bin/sh\necho "ldconfig $*" >>"%s/ldconfig.calls"\n' "$work" >"$work/tools/ldconfig"
chmod +x "$work/tools/ldconfig"
PATH="$work/tools:$PATH" dpkg --root="$root" --force-not-root --force-script-chrootless --log=/dev/null -i "$deb" \
  >"$work/dpkg.log" 2>&1 || { grep -v "files list file" "$work/dpkg.log"; fail "dpkg -i failed"; }
if dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -q postinst; then
  test -s "$work/ldconfig.calls" || fail "the postinst did not run"
fi
dpkg --root="$root" --status strata | grep -qx "Status: install ok installed" || fail "dpkg does not list strata as installed"

strata="$root/usr/bin/strata"
"$strata" --version | grep -qx "strata $version" || fail "strata --version says: $("$strata" --version)"
MANWIDTH=80 man -l "$root/usr/share/man/man1/strata.1" | grep -q "GLOBAL OPTIONS" || fail "the man page does not render"
bash -c "source '$root/usr/share/bash-completion/completions/strata' && complete -p strata" | grep -q _strata ||
  fail "the bash completion does not register"

# The example, as the README's first command runs it: `strata up` in examples/ (strata.toml there).
cp -r "$source_dir/examples" "$work/examples"
rm -f "$work/examples/example.db"
(cd "$work/examples" && "$strata" up >"$work/up.txt" 2>&1) || { cat "$work/up.txt"; fail "strata up failed"; }
(cd "$work/examples" && "$strata" --json status) >"$work/status.json" || fail "strata status failed"
grep -q '"status": "pending"' "$work/status.json" && fail "migrations left pending: $(cat "$work/status.json")"
grep -q '"status": "applied"' "$work/status.json" || fail "nothing applied: $(cat "$work/status.json")"

# The installed command loads each driver's module on the first URL that needs it (port 1 refuses:
# the driver loaded, then failed to connect), and DuckDB's finds the libduckdb.so the package ships.
for driver in "${drivers[@]}"; do
  case $driver in
    postgres) url=postgres://probe@127.0.0.1:1/none expected="cannot connect to PostgreSQL" ;;
    mysql) url=mysql://probe@127.0.0.1:1/none expected="cannot connect to MySQL" ;;
    mongodb) url="mongodb://127.0.0.1:1/none?serverSelectionTimeoutMS=100" expected="cannot connect to MongoDB" ;;
    duckdb) url="duckdb:$work/probe.duckdb" expected="" ;;
  esac
  out=$(cd "$work/examples" && "$strata" --url "$url" status 2>&1) && status=0 || status=$?
  if [[ -z $expected ]]; then
    ((status == 0)) || fail "strata on $driver failed: $out"
  else
    grep -q "$expected" <<<"$out" || fail "strata on $driver did not load its driver: $out"
  fi
done

# A program built against the installed library through its CMake package, linking the core and only
# the PostgreSQL driver: it finds that driver and names the one it lacks.
mkdir -p "$work/probe"
cat >"$work/probe/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(probe CXX)
find_package(strata CONFIG REQUIRED)
add_executable(probe probe.cc)
target_link_libraries(probe PRIVATE strata::core strata::postgres)
CMAKE
cat >"$work/probe/probe.cc" <<'CC'
#include <strata/driver.h>
#include <strata/release.h>
#include <strata/source.h>
#include <iostream>
int main() {
  auto postgres = strata::FindDriver("postgres://db/app");
  auto mysql = strata::FindDriver("mysql://db/app");
  if (!postgres.ok() || mysql.ok()) return 1;
  std::cout << strata::kRelease << ' ' << strata::Checksum("x") << ' ' << mysql.status().message() << '\n';
}
CC
cmake -S "$work/probe" -B "$work/probe/build" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" >"$work/probe.log" 2>&1 &&
  cmake --build "$work/probe/build" >>"$work/probe.log" 2>&1 || { cat "$work/probe.log"; fail "the probe does not build"; }
grep -q "$root/usr/lib/cmake/strata" "$work/probe/build/CMakeCache.txt" || fail "the probe found another strata"
"$work/probe/build/probe" | grep -q "^$version sha256:.* link strata::mysql" || fail "the probe prints: $("$work/probe/build/probe")"
echo "package test passed"
