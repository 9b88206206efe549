#!/usr/bin/env bash
# After `next build`: the standalone server serves static files only from beside itself, and starts
# from main.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .next/standalone/.next/static
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then rm -rf .next/standalone/public && cp -r public .next/standalone/public; fi
# The entry point: the front door (server/main.ts), then Next.js' server.js.
npx esbuild server/main.ts --bundle --platform=node --format=esm --target=node24 --log-level=warning \
  --external:./server.js --outfile=.next/standalone/main.mjs
