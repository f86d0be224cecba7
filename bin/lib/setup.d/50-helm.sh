#!/usr/bin/env bash
# Helm 3, built from the Go module proxy (no other download host is reachable), for the chart's
# offline checks (deploy/helm). Minutes on a fresh Go module cache (about two on an idle
# 2-core machine; 31 measured at a load average of 50); instant once installed.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HELM_VERSION="v3.22.0"
# The Kubernetes version Helm renders for and lints deprecations against: that of the
# k8s.io modules it is built with (client-go v0.37 -> 1.37), stamped as Helm's Makefile does.
KUBE_MINOR="37"
target="$REPO_ROOT/.tools/helm/$HELM_VERSION-kube1.$KUBE_MINOR"

if [ -x "$target/helm" ] && "$target/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build Helm $HELM_VERSION" >&2; exit 1; }
echo "Building Helm $HELM_VERSION from the Go module proxy into ${target#"$REPO_ROOT/"}"
mkdir -p "$target"
# -mod=mod: `go install pkg@version` resolves the module on its own, outside any workspace.
# Versions are stamped the way Helm's own Makefile does; unstamped, Helm would assume 1.20.
ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for package in pkg/lint/rules pkg/chartutil; do
  ldflags+=" -X helm.sh/helm/v3/$package.k8sVersionMajor=1 -X helm.sh/helm/v3/$package.k8sVersionMinor=$KUBE_MINOR"
done
GOFLAGS=-mod=mod GOBIN="$target" CGO_ENABLED=0 go install -ldflags "$ldflags" \
  "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
"$target/helm" version --template '{{.Version}}' | grep -qx "$HELM_VERSION"
