#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS server on loopback, for the tests and benchmarks.
#
#   bash scripts/postgres.sh start   # prints the admin URL (postgresql+psycopg://…)
#   bash scripts/postgres.sh stop    # and deletes the cluster: it holds test data only
#
# The cluster lives in $ATHAR_PGDATA (default /tmp/athar-pg-$UID), listens on
# 127.0.0.1:$ATHAR_PGPORT (default 55432) only, and trusts loopback connections:
# it holds test data only. As root, the server runs as Debian's postgres user
# (PostgreSQL refuses to run as root).
set -euo pipefail
PGDATA="${ATHAR_PGDATA:-/tmp/athar-pg-$(id -u)}"
PORT="${ATHAR_PGPORT:-55432}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "postgres.sh: PostgreSQL server binaries not found (install Debian's postgresql package)" >&2
  exit 1
fi

as_server_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
      as_server_user "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_server_user "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_server_user "$BIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$PGDATA -c fsync=off -c max_connections=200" \
        start >/dev/null
    fi
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -f "$PGDATA/PG_VERSION" ]; then
      as_server_user "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
      rm -rf "$PGDATA"
    fi
    ;;
  *)
    echo "usage: bash scripts/postgres.sh start|stop" >&2
    exit 2
    ;;
esac
