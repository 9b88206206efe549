#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager from the k8s.io/kubernetes Go module at a pinned
# release, and provides etcd. Binaries are cached outside the clone, keyed by version, so a second
# run (or a fresh clone on the same machine) does not rebuild.
#
# Prints, on its last line, the folder holding kube-apiserver and kube-controller-manager.
# control-plane.ts calls it only for the binaries a user has not provided (KUBEBUILDER_ASSETS,
# KUBE_APISERVER_BIN, KUBE_CONTROLLER_MANAGER_BIN) and finds etcd itself.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.36.3}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/rbac-atlas"
bin_dir="$cache_root/kube-$KUBE_VERSION"
log() { echo "control-plane: $*" >&2; }

build_kube() {
  local minor staging work
  minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  staging="v0.${KUBE_VERSION#v1.}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building kube-apiserver and kube-controller-manager $KUBE_VERSION (one time; cached in $bin_dir)"
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  {
    echo "module rbac-atlas/control-plane"
    echo
    echo "go $(sed -n 's/^go //p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    echo "replace ("
    # k8s.io/kubernetes points its staging modules at local folders; use their published twins.
    sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => \./staging/src/.*#\1#p' "$gomod" |
      while read -r mod; do echo "	$mod => $mod $staging"; done
    echo ")"
  } >"$work/go.mod"
  echo 'package main' >"$work/tools.go"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor \
    -X k8s.io/component-base/version.gitTreeState=clean"
  (
    cd "$work"
    GOFLAGS=-mod=mod go mod download k8s.io/kubernetes
    mkdir -p "$bin_dir.tmp"
    for cmd in kube-apiserver kube-controller-manager; do
      GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin_dir.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
  )
  mv "$bin_dir.tmp/kube-apiserver" "$bin_dir.tmp/kube-controller-manager" "$bin_dir/"
  rmdir "$bin_dir.tmp"
}

mkdir -p "$bin_dir"
start=$(date +%s)
if [ ! -x "$bin_dir/kube-apiserver" ] || [ ! -x "$bin_dir/kube-controller-manager" ]; then
  command -v go >/dev/null || { log "Go is needed to build $KUBE_VERSION (or set KUBEBUILDER_ASSETS / KUBE_APISERVER_BIN)"; exit 1; }
  build_kube
  log "built in $(( $(date +%s) - start ))s"
fi
echo "$bin_dir"
