#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS 3 server for the tests, on 127.0.0.1 only.
#
#   bash scripts/setup_postgis.sh          # install if needed, start (or reuse), print parameters
#   . "$(bash scripts/setup_postgis.sh --env-file)"   # just the env file's path
#
# Installs postgresql + postgresql-15-postgis-3 with apt-get when missing (Debian 12), creates a
# cluster under $TRAMPESTI_PG_DIR (default /tmp/trampesti-pg) owned by the postgres user,
# listening on 127.0.0.1 and a unix socket in that folder, on the first free port from
# $TRAMPESTI_PG_PORT (default 55432). Creates the role `trampesti` with a random password and the
# database `trampesti_test` with the postgis extension. The parameters go to
# $TRAMPESTI_PG_DIR/env (mode 600): TRAMPESTI_PG_HOST, _PORT, _DB, _USER, _PASSWORD. The password
# is never printed. Idempotent: a second run reuses the running server and its env file.
# Stop it with: bash scripts/setup_postgis.sh --stop
set -euo pipefail

PG_VERSION=15
BASE="${TRAMPESTI_PG_DIR:-/tmp/trampesti-pg}"
DATA="$BASE/data"
ENV_FILE="$BASE/env"
LOG="$BASE/server.log"
DB=trampesti_test
ROLE=trampesti
BIN="/usr/lib/postgresql/$PG_VERSION/bin"

if [ "${1:-}" = "--env-file" ]; then echo "$ENV_FILE"; exit 0; fi

as_owner() {  # run a command as the cluster's owner (postgres when we are root)
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop || true
  exit 0
fi

have_packages() {
  [ -x "$BIN/initdb" ] && [ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]
}

if ! have_packages; then
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL $PG_VERSION / PostGIS 3 are not installed and this is not root: cannot install" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "Installing postgresql-$PG_VERSION and postgresql-$PG_VERSION-postgis-3 ..." >&2
  if ! apt-get install -y --no-install-recommends postgresql "postgresql-$PG_VERSION-postgis-3" >"$BASE.apt.log" 2>&1; then
    apt-get update >>"$BASE.apt.log" 2>&1
    apt-get install -y --no-install-recommends postgresql "postgresql-$PG_VERSION-postgis-3" >>"$BASE.apt.log" 2>&1 \
      || { echo "apt-get install failed, see $BASE.apt.log" >&2; exit 2; }
  fi
fi

mkdir -p "$BASE"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$BASE"; fi
chmod 700 "$BASE"

load_env() { # shellcheck disable=SC1090
  . "$ENV_FILE"
}

server_up() {
  [ -f "$ENV_FILE" ] || return 1
  load_env
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$TRAMPESTI_PG_PORT" -d "$DB" 2>/dev/null || return 1
  PGPASSWORD="$TRAMPESTI_PG_PASSWORD" psql -qAt -h 127.0.0.1 -p "$TRAMPESTI_PG_PORT" -U "$ROLE" -d "$DB" \
    -c "select postgis_lib_version()" >/dev/null 2>&1
}

print_params() {
  load_env
  echo "TRAMPESTI_PG_HOST=$TRAMPESTI_PG_HOST"
  echo "TRAMPESTI_PG_PORT=$TRAMPESTI_PG_PORT"
  echo "TRAMPESTI_PG_DB=$TRAMPESTI_PG_DB"
  echo "TRAMPESTI_PG_USER=$TRAMPESTI_PG_USER"
  echo "TRAMPESTI_PG_ENV=$ENV_FILE   (the password is in this file only, mode 600)"
}

if server_up; then print_params; exit 0; fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
         -E UTF8 --locale=C >"$BASE/initdb.log" 2>&1
fi

# a server of ours already running on another port? (e.g. env file lost)
if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
fi
PORT="${TRAMPESTI_PG_PORT_WANTED:-55432}"
for _ in $(seq 1 50); do port_free "$PORT" && break; PORT=$((PORT + 1)); done
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
  -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" >/dev/null

PASSWORD=""
if [ -f "$ENV_FILE" ]; then load_env; PASSWORD="${TRAMPESTI_PG_PASSWORD:-}"; fi
[ -n "$PASSWORD" ] || PASSWORD="tp_$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"

sql() { PGOPTIONS="-c client_min_messages=warning" as_owner psql -qAt -h "$BASE" -p "$PORT" -U postgres -d "${2:-postgres}" -v ON_ERROR_STOP=1 -c "$1"; }
if [ -z "$(sql "select 1 from pg_roles where rolname='$ROLE'")" ]; then
  sql "create role $ROLE login password '$PASSWORD'" >/dev/null
else
  sql "alter role $ROLE login password '$PASSWORD'" >/dev/null
fi
if [ -z "$(sql "select 1 from pg_database where datname='$DB'")" ]; then
  sql "create database $DB owner $ROLE" >/dev/null
fi
sql "create extension if not exists postgis" "$DB" >/dev/null

umask 077
cat >"$ENV_FILE" <<EOF
TRAMPESTI_PG_HOST=127.0.0.1
TRAMPESTI_PG_PORT=$PORT
TRAMPESTI_PG_DB=$DB
TRAMPESTI_PG_USER=$ROLE
TRAMPESTI_PG_PASSWORD=$PASSWORD
EOF
chmod 600 "$ENV_FILE"
if [ "$(id -u)" = "0" ]; then chown root:root "$ENV_FILE"; fi
server_up || { echo "PostGIS server did not come up, see $LOG" >&2; exit 3; }
print_params
