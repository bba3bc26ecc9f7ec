#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for kyso's tests (the registers module) and prints the line that
# exports its JDBC URL, so that a CI script can do:
#
#   source .ci/postgres.sh              # installs PostgreSQL if needed, starts it, exports KYSO_TEST_PG_URL
#   eval "$(.ci/postgres.sh)"           # the same when run as a program: it prints the export line
#   mvn ... test                        # the PostgreSQL tests read KYSO_TEST_PG_URL
#   .ci/postgres.sh stop                # optional: stops the server
#
# Run as a program, only the export line goes to standard output; everything else goes to standard error.
# Sourced, it runs in a subshell and only sets and exports KYSO_TEST_PG_URL in the caller (a failure
# returns non-zero without exiting the caller's shell unless that shell has `set -e`).
# The server has its own data directory (KYSO_PG_DIR, default /tmp/kyso-pg), listens on 127.0.0.1 only
# (KYSO_PG_PORT, default 55432) so it never clashes with a system cluster on 5432, and runs as the
# `postgres` system user when this script runs as root (PostgreSQL refuses to run as root).
# the work runs in a subshell: no variable, function or shell option leaks into a caller that sources us
_kyso_postgres() (
  set -euo pipefail

  PGDIR=${KYSO_PG_DIR:-/tmp/kyso-pg}
  PORT=${KYSO_PG_PORT:-55432}
  DB=kyso_test
  ROLE=kyso
  PASSWORD=kyso

  log() { echo "postgres.sh: $*" >&2; }

  find_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
  }

  BIN=$(find_bin)
  if [ -z "$BIN" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      log "PostgreSQL is not installed; run as root or: sudo apt-get install -y postgresql"
      return 1
    fi
    log "installing PostgreSQL (Debian package postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN=$(find_bin)
    [ -n "$BIN" ] || { log "PostgreSQL installation failed"; return 1; }
  fi

  # run a command as the server's owner: `postgres` when we are root, else ourselves
  if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
  else
    OWNER=$(id -un)
    as_owner() { "$@"; }
  fi

  DATA="$PGDIR/data"
  LOGFILE="$PGDIR/server.log"

  if [ "${1:-}" = "stop" ]; then
    if [ -f "$DATA/postmaster.pid" ]; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    else
      log "no server running in $DATA"
    fi
    return 0
  fi

  mkdir -p "$PGDIR"
  chown "$OWNER" "$PGDIR"
  chmod 700 "$PGDIR"

  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "creating a database cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >&2
  fi

  if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 \
      -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
  fi

  psql_admin() { as_owner "$BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

  psql_admin -c "DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
      CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
    END IF; END \$\$;" >&2
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8'" >&2
  fi

  URL="jdbc:postgresql://127.0.0.1:$PORT/$DB?user=$ROLE&password=$PASSWORD"
  log "ready: KYSO_TEST_PG_URL=$URL"
  echo "$URL"
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # sourced
  if [ "${1:-}" = "stop" ]; then
    _kyso_postgres stop
  else
    KYSO_TEST_PG_URL=$(_kyso_postgres "$@") && export KYSO_TEST_PG_URL
  fi
  _kyso_rc=$?
  unset -f _kyso_postgres
  return $_kyso_rc
fi
_url=$(_kyso_postgres "$@")
if [ -n "$_url" ]; then
  echo "export KYSO_TEST_PG_URL='$_url'"
fi
