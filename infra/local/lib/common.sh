# shellcheck shell=bash
# Helpers shared by the postgres, redis and kafka libraries. The caller sets REPO_ROOT and
# STATE_DIR and runs with `set -euo pipefail`.

info() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }

is_root() { [ "$(id -u)" = "0" ]; }
is_debian_like() { [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; }

# apt-get update runs at most once per invocation, and only when something is missing.
APT_UPDATED=""
apt_install() {
  if ! is_root || ! is_debian_like || ! command -v apt-get >/dev/null 2>&1; then
    warn "Missing: $*. Install these packages with your system's package manager, then run this again."
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    info "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  info "apt-get install $*"
  # Debian starts a packaged server on install (a system Postgres cluster or Redis on the
  # default port) wherever invoke-rc.d may; policy-rc.d answering 101 forbids that, so the
  # ports stay free for the servers this project runs itself.
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || rc=$?
  [ -z "$added_policy" ] || rm -f "$policy"
  return "$rc"
}

# Bash's /dev/tcp needs no nc; `timeout` guards against a connect that hangs.
port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c ': <>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Prints nothing (and succeeds) when the file is missing: callers test the pid, not this.
pid_from() { [ -f "$1" ] || return 0; head -n 1 "$1" | tr -dc '0-9'; }

# Prints the tail of each named log that exists, for when a server fails to come up.
show_logs() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    warn "----- last lines of $f -----"
    tail -n 40 "$f" >&2
  done
}
