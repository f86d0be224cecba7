#!/usr/bin/env bash
# Go modules of apps/payment-service-go, from the Go module proxy into .tools/go/mod (pinned by
# go.mod and go.sum), and its binary. Needs Go 1.26 or newer on PATH.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
app="$repo/apps/payment-service-go"
if ! command -v go >/dev/null 2>&1; then
  echo "go is not on PATH; apps/payment-service-go needs Go 1.26 or newer" >&2
  exit 1
fi
version="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n' 1.26 "$version" | sort -V | head -n1)" != 1.26 ]; then
  echo "Go $version is too old; apps/payment-service-go needs Go 1.26 or newer" >&2
  exit 1
fi
"$app/scripts/go.sh" mod download
"$app/scripts/go.sh" build -o bin/payment-service ./cmd/payment-service
echo "payment-service-go: modules in .tools/go/mod, binary apps/payment-service-go/bin/payment-service"
