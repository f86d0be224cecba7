#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser), driven by playwright-core: the
# browser builds Playwright downloads are not reachable, Debian's package is. Debian 12 ships
# Chromium through its security archive only, so the version is whatever that archive serves
# now; the tests print the one they ran with.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
STATE_DIR="$REPO_ROOT/.infra"
# shellcheck source=../../../infra/local/lib/common.sh
source "$REPO_ROOT/infra/local/lib/common.sh"

if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version 2>/dev/null || true
  exit 0
fi
# Another apt run (a second checkout's setup, unattended upgrades) may hold the dpkg lock.
for attempt in $(seq 1 60); do
  apt_install chromium fonts-dejavu-core && break
  [ "$attempt" -lt 60 ] || exit 1
  sleep 10
done
/usr/bin/chromium --version
