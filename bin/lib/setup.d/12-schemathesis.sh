#!/usr/bin/env bash
# Schemathesis (the OpenAPI fuzzer tests/fuzz drives), pinned with every dependency in
# tests/fuzz/requirements.txt, in a virtual environment of its own under .tools/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
venv="$root/.tools/schemathesis"
requirements="$root/tests/fuzz/requirements.txt"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ -x "$venv/bin/st" ] && [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python="$(command -v python3 || true)"
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "Schemathesis needs Python 3.10 or newer (python3)" >&2
  exit 1
fi
if ! "$python" -m venv --help > /dev/null 2>&1; then
  apt-get install -y python3-venv > /dev/null
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
"$venv/bin/st" --version
echo "$want" > "$venv/.requirements-sha256"
