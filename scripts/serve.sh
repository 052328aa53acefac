#!/usr/bin/env bash
# scripts/serve.sh [trunk serve options...]
# Installs what is missing (scripts/setup.sh), then builds the playground (debug) and
# serves it at http://127.0.0.1:8080/ with live reload. Offline; Ctrl-C stops it.
# With the benchmark page (--features bench): http://127.0.0.1:8080/?bench.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
ADDRESS=${ADDRESS:-127.0.0.1}
PORT=${PORT:-8080}
echo "==> trunk serve: the playground will be at http://$ADDRESS:$PORT/ once the first build is done" >&2
exec "$ROOT/scripts/wasm" trunk serve --features bench --address "$ADDRESS" --port "$PORT" "$@"
