#!/usr/bin/env bash
# Runs the go command on this module with the repository's settings: modules from the Go module
# proxy into .tools/go/mod (kept between runs, so CI reuses it), go.sum as committed, and the Go
# on the machine (no toolchain downloads).
#   scripts/go.sh build -o bin/payment-service ./cmd/payment-service
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
export GOMODCACHE="${GOMODCACHE:-$repo/.tools/go/mod}"
export GOCACHE="${GOCACHE:-$repo/.tools/go/cache}"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export GOTOOLCHAIN=local
cd "$here"
exec go "$@"
