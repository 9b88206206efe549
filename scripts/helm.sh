#!/usr/bin/env bash
# Builds helm (pinned) from the Go module proxy once, cached beside the control plane; prints its path.
# HELM_BIN points at a helm you already have.
set -euo pipefail
if [ -n "${HELM_BIN:-}" ]; then echo "$HELM_BIN"; exit 0; fi
HELM_VERSION="${HELM_VERSION:-v3.22.0}"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/rbac-atlas/helm-$HELM_VERSION"
if [ ! -x "$dir/helm" ]; then
  echo "helm: building $HELM_VERSION (one time; cached in $dir)" >&2
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
echo "$dir/helm"
