#!/usr/bin/env bash
# scripts/e2e.sh
# End-to-end test of the release build in dist/ (run scripts/release.sh first): serves it
# with python's http.server on 127.0.0.1 under the sub-path /playground/ (and the
# benchmark build, dist-bench/, under /playground-bench/), and drives the
# system Chromium with playwright-core (tools/e2e*.mjs). Screenshots go to artifacts/, the
# start-up report (tools/e2e-startup.mjs) to artifacts/startup-report.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "${PLAYGROUND_SKIP_SETUP:-}" = 1 ] || bash "$ROOT/scripts/setup.sh"
for d in dist dist-bench; do
    [ -f "$ROOT/$d/index.html" ] || { echo "e2e.sh: no $d/index.html; run scripts/release.sh first" >&2; exit 1; }
done
SITE=$(mktemp -d "${TMPDIR:-/tmp}/playground-e2e.XXXXXX")
SERVER=
cleanup() {
    [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
    rm -rf "$SITE"
}
trap cleanup EXIT
cp -r "$ROOT/dist" "$SITE/playground"
cp -r "$ROOT/dist-bench" "$SITE/playground-bench"
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >"$SITE/server.log" 2>&1 </dev/null &
SERVER=$!
mkdir -p "$ROOT/artifacts"
rm -f "$ROOT"/artifacts/e2e-*.png
echo "==> e2e: http://127.0.0.1:$PORT/playground/ (python http.server pid $SERVER)" >&2
node "$ROOT/tools/e2e.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
node "$ROOT/tools/e2e-storage.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
node "$ROOT/tools/e2e-database.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
node "$ROOT/tools/e2e-network.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
node "$ROOT/tools/e2e-lessons.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
# The benchmark build (dist-bench/: the release's code and pipeline, plus `?bench`).
node "$ROOT/tools/e2e-bench.mjs" "http://127.0.0.1:$PORT/playground-bench/" "$ROOT/artifacts"
# The start-up report (figures only, never asserted): artifacts/startup-report.txt.
node "$ROOT/tools/e2e-startup.mjs" "http://127.0.0.1:$PORT/playground/" "$ROOT/artifacts"
