#!/usr/bin/env bash
# scripts/cli-smoke.sh — the djsim contract's own invocation, from the repository root:
# `cargo run --bin djsim -- …` (../shared/spec/djsim-cli.md) must find the binary, and the
# README's examples must give what they promise. The CLI's behaviour itself is tested in
# crates/djsim/tests; this checks only that people (and the checks outside) can reach it.
# Prints "checks: N passed, N failed" (scripts/test.sh counts it).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
passed=0 failed=0
check() { # check NAME EXPECTED-SUBSTRING CMD...
    local name=$1 want=$2 out
    shift 2
    if out=$("$@" 2>&1) && [[ $out == *"$want"* ]]; then
        passed=$((passed + 1)); echo "ok    $name"
    else
        failed=$((failed + 1)); echo "FAIL  $name"; printf '%s\n' "$out" | head -n 20 | sed 's/^/      /'
    fi
}
check "cargo run --bin djsim: cookie parse" '{"zap":"42","sakaicar":"42"}' \
    cargo run -q --bin djsim -- cookie parse 'zap=42; sakaicar=42'
check "cargo run --bin djsim: the lecture's legacy row decodes" '"num_visits": 2' \
    cargo run -q --bin djsim -- session decode --django 3.2 \
    --secret 'kz=1@)c(&%4t*glbd5t(5z6yp5e-)s!bq!n#cez&lre*-w#s+^' \
    OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9
check "cargo run --bin djsim: run a lecture scenario" 'sakaicar' \
    cargo run -q --bin djsim -- run crates/djsim/tests/scenarios/browser_close.json
echo "checks: $passed passed, $failed failed"
[ "$failed" = 0 ]
