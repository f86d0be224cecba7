# shellcheck shell=bash
# Shared by the bin/ commands: repo paths and a toolchain on PATH.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
# shellcheck source=toolchain.sh
source "$REPO_ROOT/bin/lib/toolchain.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
