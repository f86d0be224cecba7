# shellcheck shell=bash
# Redis (>= 7) from the OS packages, daemonized on 127.0.0.1 with its files under $STATE_DIR.

REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DIR="$STATE_DIR/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

redis_url() { echo "redis://127.0.0.1:${REDIS_PORT}"; }

redis_install() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    apt_install redis-server || return 1
  fi
  local major
  major="$(redis-server --version | sed -n 's/.* v=\([0-9]*\)\..*/\1/p')"
  if [ -z "$major" ] || [ "$major" -lt 7 ]; then
    warn "redis: version 7 or newer is required, found: $(redis-server --version)"
    return 1
  fi
}

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@" 2>/dev/null; }

# Our server is the one on the port whose data directory is ours; its pid file may have been
# lost (e.g. two starts racing), so the server itself is asked and the file rewritten.
redis_running() {
  [ "$(redis_cli ping)" = "PONG" ] || return 1
  pid_alive "$(pid_from "$REDIS_PIDFILE")" && return 0
  [ "$(redis_cli config get dir | tail -n 1)" = "$REDIS_DIR" ] || return 1
  redis_cli info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' >"$REDIS_PIDFILE"
}

redis_start() {
  redis_install || return 1
  if redis_running; then
    info "redis: already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    warn "redis: port $REDIS_PORT is taken by another process. Stop it or set REDIS_PORT."
    return 1
  fi
  mkdir -p "$REDIS_DIR"
  info "redis: starting"
  # Append-only persistence, so a restart keeps rate-limit windows and the registry honest.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
    --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" --appendonly yes --save '' \
    --protected-mode yes >/dev/null || { show_logs "$REDIS_LOG"; return 1; }

  for _ in $(seq 1 100); do
    redis_running && return 0
    sleep 0.1
  done
  warn "redis: did not answer PING within 10 s"
  show_logs "$REDIS_LOG"
  return 1
}

redis_stop() {
  local pid
  pid="$(pid_from "$REDIS_PIDFILE")"
  pid_alive "$pid" || { rm -f "$REDIS_PIDFILE"; return 0; }
  info "redis: stopping"
  kill -TERM "$pid"

  for _ in $(seq 1 100); do
    pid_alive "$pid" || { rm -f "$REDIS_PIDFILE"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$REDIS_PIDFILE"
}

redis_status() {
  if redis_running; then
    printf '%-9s running  pid %-7s %s\n' redis "$(pid_from "$REDIS_PIDFILE")" "$(redis_url)"
  else
    printf '%-9s stopped\n' redis
    return 1
  fi
}
