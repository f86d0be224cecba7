# shellcheck shell=bash
# Shared by the bin/ commands: repo paths and a toolchain on PATH.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
# shellcheck source=toolchain.sh
source "$REPO_ROOT/bin/lib/toolchain.sh"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Node 24 and pnpm on PATH (for this shell and its children), workspace dependencies installed.
ensure_workspace() {
  step "Toolchain"
  ensure_toolchain
  echo "node $(node --version), pnpm $(pnpm --version)"
  step "Dependencies"
  (cd "$REPO_ROOT" && pnpm install --frozen-lockfile)
}

# Tools that some test suites drive (a fuzzer, a browser, Go, Helm, a Docker engine, ...): each
# bin/lib/setup.d/<NN>-<name>.sh installs one, pinned, into .tools/ (or from the OS packages),
# and is safe to run again. bin/test runs them all, in name order, before the tests.
ensure_suite_tools() {
  local script
  for script in "$REPO_ROOT"/bin/lib/setup.d/*.sh; do
    [ -e "$script" ] || continue
    step "Suite tools: $(basename "$script" .sh)"
    bash "$script"
  done
}
