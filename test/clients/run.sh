#!/usr/bin/env bash
# `npm run test:clients`: install the pinned client CLIs (test/clients/tools, its own lockfile),
# then run the real-client tests inside a network namespace that has only loopback, so neither
# the clients nor anything they start can reach past 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run build --silent

tools=test/clients/tools
stamp=$tools/node_modules/.installed-from-lock
if ! cmp -s "$tools/package-lock.json" "$stamp" 2>/dev/null; then
  # A package that cannot be installed is skipped by its tests with a message naming it.
  if npm ci --prefix "$tools" --no-audit --no-fund; then
    cp "$tools/package-lock.json" "$stamp"
  else
    echo "[test:clients] WARNING: npm ci --prefix $tools failed; clients whose package is missing will be skipped" >&2
  fi
fi

if [ "$(id -u)" = 0 ]; then ns=(unshare --net); else ns=(unshare --net --map-root-user); fi
exec "${ns[@]}" bash -c 'ip link set lo up && exec node_modules/.bin/vitest run --config vitest.clients.config.ts "$@"' vitest "$@"
