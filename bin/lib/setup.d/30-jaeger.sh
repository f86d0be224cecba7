#!/usr/bin/env bash
# Jaeger v2, for the trace test (tests/saga) and `bin/up --jaeger`: built once from
# infra/jaeger/go.mod with the machine's Go toolchain (a few minutes on a cold module cache).
set -euo pipefail
exec "$(dirname "$0")/../../../infra/jaeger/jaeger" build
