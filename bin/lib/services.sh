# shellcheck shell=bash
# Runs the services as plain processes against infra/local: migrate, seed, start, wait until
# ready. Logs and pid files live in .infra/services/. Sourced by bin/up and bin/down.

SERVICES_DIR="$REPO_ROOT/.infra/services"

# name:port:database role, in start order (user-service first: the others fetch its JWKS; the
# gateway last, in front of them all). A role of '-' means no database: nothing to migrate or seed.
SERVICES=(
  user-service:3001:user_service
  product-service:3002:product_service
  inventory-service:3003:inventory_service
  order-service:3004:order_service
  payment-service:3005:payment_service
  notification-service:3006:notification_service
  gateway:8080:-
)

service_field() { echo "$1" | cut -d: -f"$2"; }

# DEVELOPMENT DEFAULT credentials, as created by infra/postgres/init.
service_database_url() { echo "postgresql://$1:$1_dev_password@127.0.0.1:${POSTGRES_PORT:-5432}/ecommerce"; }

service_pid() {
  local pid
  pid="$(cat "$SERVICES_DIR/$1.pid" 2>/dev/null)" || return 1
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

service_ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready"; }

# Migrates the service's schema and loads its development data (both safe to run again).
service_prepare() {
  local entry=$1 name role
  name="$(service_field "$entry" 1)"
  role="$(service_field "$entry" 3)"
  [[ "$role" != "-" ]] || return 0
  local log="$SERVICES_DIR/$name.log"
  mkdir -p "$SERVICES_DIR"
  (
    cd "$REPO_ROOT/apps/$name"
    export NODE_ENV=development DATABASE_URL
    DATABASE_URL="$(service_database_url "$role")"
    pnpm --silent db:migrate >>"$log" 2>&1 || { echo "$name: migration failed" >&2; tail -n 30 "$log" >&2; exit 1; }
    # Not every service has development data (payments and notifications come from orders).
    if grep -q '"seed":' package.json; then
      pnpm --silent seed >>"$log" 2>&1 || { echo "$name: seed failed" >&2; tail -n 30 "$log" >&2; exit 1; }
    fi
  )
}

service_start() {
  local entry=$1 name port role
  name="$(service_field "$entry" 1)"
  port="$(service_field "$entry" 2)"
  role="$(service_field "$entry" 3)"
  local dir="$REPO_ROOT/apps/$name" log="$SERVICES_DIR/$name.log"
  # PAYMENT_SERVICE_IMPL=go: the Go payment-service in its place (same port, tables, topics).
  local go_impl=""
  if [[ "$name" == payment-service && "${PAYMENT_SERVICE_IMPL:-ts}" == go ]]; then
    go_impl=1
    dir="$REPO_ROOT/apps/payment-service-go"
  fi
  if service_pid "$name" >/dev/null && service_ready "$port"; then
    echo "$name: already running on :$port"
    return 0
  fi
  mkdir -p "$SERVICES_DIR"
  (
    cd "$dir"
    export NODE_ENV=development
    # The servers infra/local started, on whatever ports it was told (the apps default to the
    # standard ones).
    export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
    export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6379}}"
    if [[ "$role" != "-" ]]; then
      export DATABASE_URL
      DATABASE_URL="$(service_database_url "$role")"
    fi
    service_prepare "$entry" || exit 1
    # The app's own defaults are for local development. One demo setting: the seeded customer
    # Alan pays with the simulated provider's declining test card, so the demo shows a payment
    # declined and compensated (infra/seed/users.json).
    if [[ "$name" == payment-service ]]; then
      export PAYMENT_CUSTOMER_TOKENS="${PAYMENT_CUSTOMER_TOKENS-443a6ad5-6554-52d7-8add-98c8d052b2c4=tok_chargeDeclined}"
    fi
    if [[ -n "$go_impl" ]]; then
      scripts/go.sh build -o bin/payment-service ./cmd/payment-service >>"$log" 2>&1 || { echo "$name: go build failed" >&2; tail -n 30 "$log" >&2; exit 1; }
      setsid nohup bin/payment-service >>"$log" 2>&1 </dev/null &
    else
      # Heap caps as in the image (infra/docker/Dockerfile, docs/benchmarks.md).
      export NODE_OPTIONS="${NODE_OPTIONS:---max-old-space-size=256 --max-semi-space-size=4}"
      setsid nohup node --import @ecommerce/telemetry/register src/main.ts >>"$log" 2>&1 </dev/null &
    fi
    echo $! >"$SERVICES_DIR/$name.pid"
  ) || return 1
  local _
  for _ in $(seq 1 120); do
    if service_ready "$port"; then
      echo "$name: ready on http://127.0.0.1:$port (pid $(service_pid "$name"))"
      return 0
    fi
    service_pid "$name" >/dev/null || break
    sleep 0.5
  done
  echo "$name: not ready on :$port; last lines of $log:" >&2
  tail -n 40 "$log" >&2
  return 1
}

service_stop() {
  local name pid
  name="$(service_field "$1" 1)"
  pid="$(service_pid "$name")" || { rm -f "$SERVICES_DIR/$name.pid"; return 0; }
  kill -TERM "$pid"
  local _
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$SERVICES_DIR/$name.pid"
  echo "$name: stopped"
}

services_start() {
  local entry
  for entry in "${SERVICES[@]}"; do service_start "$entry" || return 1; done
}

services_prepare() {
  local entry
  for entry in "${SERVICES[@]}"; do service_prepare "$entry" || return 1; done
}

# Whether any of the services (or the gateway) is running.
services_any_running() {
  local entry
  for entry in "${SERVICES[@]}"; do
    service_pid "$(service_field "$entry" 1)" >/dev/null && return 0
  done
  return 1
}

services_stop() {
  local i
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do service_stop "${SERVICES[$i]}"; done
}

services_status() {
  local entry name port rc=0
  for entry in "${SERVICES[@]}"; do
    name="$(service_field "$entry" 1)"
    port="$(service_field "$entry" 2)"
    if service_pid "$name" >/dev/null && service_ready "$port"; then
      printf '%-21s ready    http://127.0.0.1:%s\n' "$name" "$port"
    else
      printf '%-21s stopped\n' "$name"
      rc=1
    fi
  done
  return "$rc"
}
