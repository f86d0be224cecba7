#!/usr/bin/env bash
# A Docker Engine and Compose v2 for the compose end-to-end suite (tests/compose), plus what
# builds the stand-in images where no registry is reachable (debootstrap) and promtool for the
# alert rules (Debian's prometheus package). The engine comes from Debian (docker.io: Engine
# 20.10); Compose v2 is not packaged there, so it is built from the Go module proxy (about a
# minute on a fresh module cache; instant after). Starting the engine is infra/docker/engine's
# job, not this script's.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
COMPOSE_VERSION="v2.32.4"
target="$REPO_ROOT/.tools/docker-compose/$COMPOSE_VERSION"

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -x "$target/docker-compose" ] && "$target/docker-compose" version --short 2>/dev/null | grep -qx "${COMPOSE_VERSION#v}"; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build Compose $COMPOSE_VERSION" >&2; exit 1; }
echo "Building Docker Compose $COMPOSE_VERSION from the Go module proxy into .tools/docker-compose/$COMPOSE_VERSION"
mkdir -p "$target"
# The version is stamped the way Compose's own build does, so `docker compose version` names it.
GOFLAGS=-mod=mod GOBIN="$target/bin" GOMODCACHE="$REPO_ROOT/.tools/go-modules" CGO_ENABLED=0 go install \
  -ldflags "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
  "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION"
mv "$target/bin/cmd" "$target/docker-compose" && rmdir "$target/bin"
"$target/docker-compose" version --short | grep -qx "${COMPOSE_VERSION#v}"
