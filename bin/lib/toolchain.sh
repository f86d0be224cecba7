# shellcheck shell=bash
# Puts Node 24 and the pinned pnpm first on PATH. When the machine has neither, they are
# installed into .tools/ from the npm registry (the Node binary ships as the `node` package),
# so a fresh machine with only its system Node needs no manual step.

NODE_VERSION="24.21.0" # keep in step with .nvmrc and package.json engines
TOOLS_DIR="${REPO_ROOT:?}/.tools"

pinned_pnpm_version() {
  sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$REPO_ROOT/package.json"
}

node_major() {
  "${1:-node}" --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p'
}

ensure_node() {
  if [ "$(node_major)" = "24" ]; then return 0; fi
  local local_node="$TOOLS_DIR/node/bin/node"
  if [ "$(node_major "$local_node")" != "24" ]; then
    command -v npm >/dev/null 2>&1 || {
      echo "Node 24 is required and npm is missing to fetch it. Install Node 24 (e.g. 'nvm install 24')." >&2
      return 1
    }
    echo "Installing Node $NODE_VERSION into .tools/node (the system Node is $(node --version 2>/dev/null || echo absent))"
    npm install --global --prefix "$TOOLS_DIR/node" --no-fund --no-audit --loglevel=error \
      "node@$NODE_VERSION" >/dev/null
  fi
  export PATH="$TOOLS_DIR/node/bin:$PATH"
  [ "$(node_major)" = "24" ] || { echo "Node 24 could not be put on PATH" >&2; return 1; }
}

ensure_pnpm() {
  local want
  want="$(pinned_pnpm_version)"
  if [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then return 0; fi
  if [ "$("$TOOLS_DIR/pnpm/bin/pnpm" --version 2>/dev/null)" != "$want" ]; then
    echo "Installing pnpm $want into .tools/pnpm"
    npm install --global --prefix "$TOOLS_DIR/pnpm" --no-fund --no-audit --loglevel=error \
      "pnpm@$want" >/dev/null
  fi
  export PATH="$TOOLS_DIR/pnpm/bin:$PATH"
}

ensure_toolchain() {
  ensure_node && ensure_pnpm
}
