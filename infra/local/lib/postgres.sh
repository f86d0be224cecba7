# shellcheck shell=bash
# PostgreSQL (>= 15) from the OS packages, run as a plain process on a data directory under
# $STATE_DIR. Listens on 127.0.0.1 over TCP only, password auth for every role.

PG_PORT="${POSTGRES_PORT:-5432}"
# DEVELOPMENT DEFAULT superuser password, used only by this local cluster.
PG_SUPERUSER_PASSWORD="${POSTGRES_PASSWORD:-postgres}"
PG_DIR="$STATE_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_INIT_SQL_DIR="$REPO_ROOT/infra/postgres/init"
PG_BIN=""

postgres_url() {
  echo "postgresql://postgres:${PG_SUPERUSER_PASSWORD}@127.0.0.1:${PG_PORT}/${1:-ecommerce}"
}

# Newest installed server >= 15: Debian keeps servers under /usr/lib/postgresql/<major>/bin.
find_pg_bin() {
  local dir major
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    major="$(basename "$(dirname "$dir")")"
    if [ "${major%%.*}" -ge 15 ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v pg_ctl >/dev/null 2>&1; then
    major="$(pg_ctl --version | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')"
    if [ -n "$major" ] && [ "$major" -ge 15 ]; then dirname "$(command -v pg_ctl)"; return 0; fi
  fi
  return 1
}

# Postgres refuses to run as root, so under root it runs as the `postgres` OS user.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A clone under a private directory (mktemp -d is 0700) is not reachable by the postgres user;
# execute-only permission on those ancestors lets it reach its data directory, nothing more.
make_reachable_by_postgres() {
  is_root || return 0
  local dir="$PG_DIR"
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
      info "granting o+x on $dir so the postgres user can reach its data directory"
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

postgres_install() {
  PG_BIN="$(find_pg_bin)" || {
    apt_install postgresql postgresql-contrib || return 1
    PG_BIN="$(find_pg_bin)" || { warn "PostgreSQL >= 15 is still not found after installing it"; return 1; }
  }
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client || return 1
}

postgres_running() {
  [ -n "$PG_BIN" ] || PG_BIN="$(find_pg_bin)" || return 1
  [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 \
    && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

postgres_init_cluster() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  info "postgres: creating a cluster in $PG_DATA"
  mkdir -p "$PG_DIR"
  is_root && chown postgres:postgres "$PG_DIR"
  make_reachable_by_postgres
  local pwfile="$PG_DIR/.superuser-password"
  printf '%s\n' "$PG_SUPERUSER_PASSWORD" >"$pwfile"
  is_root && chown postgres:postgres "$pwfile"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 || {
    rm -f "$pwfile"
    show_logs "$PG_DIR/initdb.log"
    return 1
  }
  rm -f "$pwfile"
  # Every service, the tests and the saga's relays hold pools: allow plenty of connections.
  cat >>"$PG_DATA/postgresql.conf" <<CONF

# --- set by infra/local ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 300
log_min_messages = warning
CONF
}

postgres_apply_init_sql() {
  local admin
  local -x PGOPTIONS='-c client_min_messages=warning'
  admin="$(postgres_url postgres)"
  PGCONNECT_TIMEOUT=5 psql "$admin" -qX -v ON_ERROR_STOP=1 -f "$PG_INIT_SQL_DIR/01-roles.sql" >/dev/null
  if [ -z "$(psql "$admin" -qXtA -c "SELECT 1 FROM pg_database WHERE datname = 'ecommerce'")" ]; then
    psql "$admin" -qX -v ON_ERROR_STOP=1 -c 'CREATE DATABASE ecommerce' >/dev/null
  fi
  psql "$(postgres_url ecommerce)" -qX -v ON_ERROR_STOP=1 -f "$PG_INIT_SQL_DIR/02-schemas.sql" >/dev/null
  psql "$(postgres_url ecommerce)" -qX -v ON_ERROR_STOP=1 \
    -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
}

# Sized for one machine running the whole system (2 cores, a few GB for all of it), passed at
# every start so that an existing cluster gets them too. max_connections covers the services'
# pools (user 10, product 10, inventory 20, order 10, payment 10, notification 10, plus 3 per
# outbox relay and 1 LISTEN each: about 90 per running system) for two systems at once (bin/up
# beside a test run) and the tests' own pools. pg_stat_statements counts the statements every
# role sends (top level: foreign-key checks and other nested statements are not counted; the
# saga benchmark prints them per order).
postgres_server_options() {
  printf '%s ' \
    "-c max_connections=${POSTGRES_MAX_CONNECTIONS:-300}" \
    "-c shared_buffers=${POSTGRES_SHARED_BUFFERS:-128MB}" \
    "-c work_mem=4MB" \
    "-c shared_preload_libraries=pg_stat_statements" \
    "-c pg_stat_statements.max=2000" \
    "-c pg_stat_statements.track=top"
}

postgres_start() {
  postgres_install || return 1
  if postgres_running; then
    info "postgres: already running on 127.0.0.1:$PG_PORT"
  else
    if port_open "$PG_PORT"; then
      warn "postgres: port $PG_PORT is taken by another process (a system cluster? see 'pg_lsclusters'). Stop it or set POSTGRES_PORT."
      return 1
    fi
    postgres_init_cluster || return 1
    make_reachable_by_postgres
    info "postgres: starting"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "$(postgres_server_options)" start >/dev/null || {
      warn "postgres: failed to start"
      show_logs "$PG_LOG"
      return 1
    }
  fi
  postgres_apply_init_sql || { warn "postgres: applying infra/postgres/init failed"; show_logs "$PG_LOG"; return 1; }
}

postgres_stop() {
  [ -n "$PG_BIN" ] || PG_BIN="$(find_pg_bin)" || return 0
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    info "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null || { show_logs "$PG_LOG"; return 1; }
  fi
}

postgres_status() {
  if postgres_running; then
    printf '%-9s running  pid %-7s %s\n' postgres "$(pid_from "$PG_DATA/postmaster.pid")" "$(postgres_url)"
  else
    printf '%-9s stopped\n' postgres
    return 1
  fi
}
