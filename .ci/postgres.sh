# A throw-away PostgreSQL cluster for the hub's tests (issue 16): Debian's postgresql package,
# initdb in a temporary folder, the server on a free loopback port, stopped and removed on exit.
# Sourced by .ci/run; by hand: `source .ci/postgres.sh && start_postgres && npm test`.
# Exports HUB_TEST_DATABASE_URL, which the hub's tests read (without it they run on PGlite only).

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# initdb and the server refuse to run as root: as root they run as the package's `postgres` user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin port
  bin="$(pg_bin)"
  if [ -z "$bin" ]; then echo "postgres: no /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; return 1; fi
  PG_TMP="$(mktemp -d)"
  chmod 755 "$PG_TMP"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP"
  port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  as_postgres "$bin/initdb" -D "$PG_TMP/data" -A trust -U hub -E UTF8 --no-locale >/dev/null
  as_postgres "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  export HUB_TEST_DATABASE_URL="postgres://hub@127.0.0.1:$port/postgres"
  PG_BIN="$bin"
  trap stop_postgres EXIT
  echo "postgres: a throw-away cluster on 127.0.0.1:$port ($PG_TMP)"
}

stop_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
