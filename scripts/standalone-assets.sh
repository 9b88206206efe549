#!/usr/bin/env bash
# After `next build`: the standalone server serves static files only from beside itself.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .next/standalone/.next/static
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then rm -rf .next/standalone/public && cp -r public .next/standalone/public; fi
