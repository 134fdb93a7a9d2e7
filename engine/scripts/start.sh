#!/usr/bin/env bash
# `npm start`: sets up and starts Coachflow on the embedded default (SQLite file in .data/,
# in-process queue, demo data) and prints where to open it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tests/scripts/setup.sh
if [ ! -f designer/dist/index.html ] || [ -n "$(find designer/src designer/index.html -newer designer/dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "› building the designer"
  pnpm --filter @coachflow/designer build >/dev/null
fi
# The engine's precompiled build (faster start-up); rebuilt only when a source changed since.
node engine/scripts/build.mjs --if-stale --quiet || echo "› engine build failed: running the TypeScript sources through tsx"
export COACHFLOW_DATA_DIR="${COACHFLOW_DATA_DIR:-$ROOT/.data}"
exec node engine/bin/engine.mjs start --demo "$@"
