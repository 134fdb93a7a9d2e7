#!/usr/bin/env bash
# `npm test`: sets up and runs the whole suite on a fresh machine, then prints `N passed, N failed`.
#  1. pnpm + dependencies; MariaDB, Redis and Chromium (Debian packages) unless
#     COACHFLOW_TEST_MYSQL_URL / COACHFLOW_TEST_REDIS_URL name servers to use;
#  2. type checks; the designer build;
#  3. unit tests of every package; engine integration tests twice — embedded (SQLite + in-process
#     queue) and production (MariaDB + Redis/Bull + separate worker processes); browser end-to-end.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tests/scripts/setup.sh || { echo "set-up failed"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck source=services.sh
source tests/scripts/services.sh
trap stop_services EXIT

REPORTS="$ROOT/tests/test-artifacts/reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
failures=0
step_failed() { echo "✗ $1"; failures=$((failures + 1)); }

echo "› type checks"
pnpm -r --no-bail --workspace-concurrency=2 typecheck || step_failed "typecheck"

echo "› designer build"
pnpm --filter @coachflow/designer build >"$REPORTS/designer-build.log" 2>&1 || { cat "$REPORTS/designer-build.log"; step_failed "designer build"; }

echo "› engine build"
node engine/scripts/build.mjs --if-stale >"$REPORTS/engine-build.log" 2>&1 || { cat "$REPORTS/engine-build.log"; step_failed "engine build"; }

run_vitest() { # name dir [args...]
  local name=$1 dir=$2; shift 2
  echo "› $name"
  (cd "$dir" && npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/$name.json" "$@") || step_failed "$name"
}

for pkg in packages/* plugins/*; do
  [ -f "$pkg/package.json" ] && grep -q '"test"' "$pkg/package.json" && run_vitest "unit-$(basename "$pkg")" "$pkg"
done
run_vitest unit-engine engine
run_vitest unit-designer designer
COACHFLOW_TEST_MODE=embedded run_vitest integration-embedded tests
COACHFLOW_TEST_MODE=production run_vitest integration-production tests
if [ -f tests/vitest.e2e.config.ts ]; then
  run_vitest e2e-browser tests -c vitest.e2e.config.ts
fi

node tests/scripts/sum-reports.mjs "$REPORTS" "$failures"
