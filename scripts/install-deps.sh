#!/usr/bin/env bash
# Installs strata's build dependencies from Debian's packages; with --tests also what the tests need,
# with --bench also what the benchmarks need (bench/).
# Skips apt-get entirely when everything is already installed.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config ccache libsqlite3-dev libssl-dev libfmt-dev nlohmann-json3-dev libpg-query-dev
          libtomlplusplus-dev libcli11-dev libpq-dev libmariadb-dev libmongoc-dev
          libcpp-httplib-dev)  # strata serve's HTTP server
if [[ "${1:-}" == "--tests" || "${1:-}" == "--bench" ]]; then
  # The servers the tests start: throwaway instances on 127.0.0.1 (scripts/test-servers.sh), MongoDB's
  # being a wire-protocol fake (tests/support/mongo_fake_server.py). npm fetches DuckDB's C API. clang
  # and its runtime build the libFuzzer targets (scripts/fuzz.sh). sql-migrate writes the history that
  # `strata import --from sql-migrate` is tested on (tests/cli/import_cli_test.cc; dbmate comes from npm).
  # zsh and fish check their completion scripts, groff-base and man-db render the man page
  # (tests/cli/completion_test.sh, reference_test.sh); dpkg-dev (dpkg-shlibdeps) and file let CPack
  # compute the Debian package's Depends (tests/install/package_test.sh). Chromium renders strata serve's
  # status page headless (tests/serve/status_page_test.cc).
  packages+=(googletest libgtest-dev sqlite3 postgresql mariadb-server mariadb-client python3 python3-mockupdb
             python3-mongomock clang libclang-rt-14-dev sql-migrate zsh fish groff-base man-db dpkg-dev file chromium)
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
if [[ "${1:-}" == "--bench" ]]; then
  # Google Benchmark, the harness and its plot (the peers, sql-migrate and dbmate, come with --tests).
  packages+=(libbenchmark-dev python3-matplotlib time)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Packages may try to start their servers; the tests start their own, so keep the system's off.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
