#!/usr/bin/env bash
# Starts (or stops) throwaway PostgreSQL and MariaDB servers on 127.0.0.1 for the tests, and the MongoDB
# wire-protocol fake (tests/support/mongo_fake_server.py: MongoDB's server is in neither Debian nor npm).
#   scripts/test-servers.sh start   # prints the URLs as environment assignments
#   scripts/test-servers.sh stop
# A second PostgreSQL, which one test crashes and restarts while strata runs (the others never see it):
#   scripts/test-servers.sh crash-restartable     # stops it as a crash would (immediate: no checkpoint)
#   scripts/test-servers.sh start-restartable     # starts it again (crash recovery runs)
# Data lives in /tmp/strata-test-servers and is deleted on stop. As root, the servers run as the
# system users `postgres` and `mysql` (PostgreSQL refuses to run as root).
# The benchmarks start a second pair elsewhere, flushing every commit to disk as production does:
#   STRATA_SERVERS_DIR=... STRATA_SERVERS_PG_PORT=... STRATA_SERVERS_MY_PORT=... STRATA_SERVERS_DURABLE=1
set -euo pipefail

base=${STRATA_SERVERS_DIR:-/tmp/strata-test-servers}
pg_port=${STRATA_SERVERS_PG_PORT:-25432}
pg_restartable_port=$((pg_port + 1))
my_port=${STRATA_SERVERS_MY_PORT:-23306}
# Throwaway test data needs no flush to disk; benchmarks keep the servers' durable defaults.
pg_flush="-c fsync=off"
my_flush="--innodb-flush-log-at-trx-commit=2"
if [[ ${STRATA_SERVERS_DURABLE:-0} == 1 ]]; then
  pg_flush=""
  my_flush="--innodb-flush-log-at-trx-commit=1"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_user() {  # as_user USER COMMAND...: run as USER when we are root
  local user=$1; shift
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

stop() {
  if [[ -f $base/mongo.pid ]]; then kill "$(cat "$base/mongo.pid")" 2>/dev/null || true; fi
  for cluster in pg pg-restartable; do
    if [[ -d $base/$cluster ]]; then
      as_user postgres "$pg_bin/pg_ctl" -D "$base/$cluster" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  if [[ -f $base/my/mysqld.pid ]]; then
    kill "$(cat "$base/my/mysqld.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [[ -f $base/my/mysqld.pid ]] || break; sleep 0.1; done
  fi
  rm -rf "$base"
}

# The ports are below Linux's ephemeral range (32768-60999), so no client connection can be holding one.
require_free_port() {  # require_free_port PORT VARIABLE
  if (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "test-servers: port $1 on 127.0.0.1 is in use by another program; choose another with $2=..." >&2
    exit 1
  fi
}

start_postgres() {  # start_postgres CLUSTER PORT
  as_user postgres "$pg_bin/pg_ctl" -D "$base/$1" -l "$base/$1/server.log" -w \
    -o "-p $2 -c listen_addresses=127.0.0.1 -k $base/$1 $pg_flush -c max_connections=200" start >/dev/null ||
    { echo "test-servers: PostgreSQL ($1, port $2) did not start; its log:" >&2; cat "$base/$1/server.log" >&2; exit 1; }
}

start() {
  stop
  require_free_port "$pg_port" STRATA_SERVERS_PG_PORT
  require_free_port "$pg_restartable_port" STRATA_SERVERS_PG_PORT
  require_free_port "$my_port" STRATA_SERVERS_MY_PORT
  mkdir -p "$base/pg" "$base/pg-restartable" "$base/my"
  chmod 755 "$base"
  local pg_user=postgres my_user=mysql
  if [[ $(id -u) -ne 0 ]]; then pg_user=$(id -un); my_user=$(id -un); fi
  [[ $(id -u) -eq 0 ]] && chown postgres: "$base/pg" "$base/pg-restartable" && chown mysql: "$base/my"

  # PostgreSQL: trust authentication on loopback only. The restartable one is a copy of the first.
  as_user postgres "$pg_bin/initdb" -D "$base/pg" -U postgres --auth=trust -E UTF8 >"$base/pg-init.log" 2>&1 ||
    { cat "$base/pg-init.log" >&2; exit 1; }
  as_user postgres cp -a "$base/pg/." "$base/pg-restartable/"
  start_postgres pg "$pg_port"
  start_postgres pg-restartable "$pg_restartable_port"

  # MariaDB: root over the socket only; tests use a password account over TCP.
  mariadb-install-db --no-defaults --datadir="$base/my/data" --user="$my_user" --skip-test-db \
    --auth-root-authentication-method=normal >"$base/my-init.log" 2>&1 || { cat "$base/my-init.log" >&2; exit 1; }
  [[ $(id -u) -eq 0 ]] && chown -R mysql: "$base/my"
  mariadbd --no-defaults --datadir="$base/my/data" --user="$my_user" --port=$my_port --bind-address=127.0.0.1 \
    --socket="$base/my/mysqld.sock" --pid-file="$base/my/mysqld.pid" --log-error="$base/my/error.log" \
    --skip-name-resolve $my_flush --max-connections=200 >/dev/null 2>&1 &
  for _ in $(seq 100); do
    mariadb-admin --no-defaults --socket="$base/my/mysqld.sock" -u root ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb --no-defaults --socket="$base/my/mysqld.sock" -u root -e "
    CREATE USER 'strata'@'%' IDENTIFIED BY 'strata-test-pw';
    GRANT ALL PRIVILEGES ON *.* TO 'strata'@'%' WITH GRANT OPTION;
    CREATE DATABASE strata_test;" || { cat "$base/my/error.log" >&2; exit 1; }

  # The MongoDB fake: on a free port, which it writes to its ready file once it listens.
  /usr/bin/python3 "$root/tests/support/mongo_fake_server.py" --port 0 --ready-file "$base/mongo.url" \
    >"$base/mongo.log" 2>&1 &
  echo $! >"$base/mongo.pid"
  for _ in $(seq 100); do [[ -s $base/mongo.url ]] && break; sleep 0.1; done
  [[ -s $base/mongo.url ]] || { cat "$base/mongo.log" >&2; exit 1; }

  echo "STRATA_TEST_MONGOFAKE_URL=$(cat "$base/mongo.url")"
  echo "STRATA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$pg_port/postgres"
  echo "STRATA_TEST_MARIADB_URL=mysql://strata:strata-test-pw@127.0.0.1:$my_port/strata_test"
  echo "STRATA_TEST_POSTGRES_RESTARTABLE_URL=postgres://postgres@127.0.0.1:$pg_restartable_port/postgres"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  crash-restartable) as_user postgres "$pg_bin/pg_ctl" -D "$base/pg-restartable" -m immediate stop >/dev/null ;;
  start-restartable) start_postgres pg-restartable "$pg_restartable_port" ;;
  *) echo "usage: $0 start|stop|crash-restartable|start-restartable" >&2; exit 2 ;;
esac
