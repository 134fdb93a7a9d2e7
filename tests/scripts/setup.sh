#!/usr/bin/env bash
# Shared set-up for `npm start` and `npm test` on a fresh Debian/Ubuntu machine with Node 20:
# pnpm 12.4.2 and the workspace's dependencies (native modules built against /usr/include/node).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export npm_config_nodedir=/usr
export COREPACK_INTEGRITY_KEYS=0

if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  echo "› installing pnpm 12.4.2"
  npm i -g pnpm@12.4.2 >/dev/null 2>&1 || npm i -g pnpm@12.4.2
fi

cd "$ROOT"
stamp="node_modules/.coachflow-install-stamp"
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ]; then
  echo "› pnpm install"
  pnpm install --frozen-lockfile --reporter=append-only
  touch "$stamp"
fi
