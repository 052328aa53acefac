#!/usr/bin/env bash
# scripts/test.sh — the one test command (CI runs exactly this, through .ci/run).
#   0. scripts/setup.sh                 install what is missing (fast when done)
#   1. cargo test --workspace           native: the djsim core and its CLI, the app's logic
#      scripts/cli-smoke.sh             `cargo run --bin djsim -- …` from the root, as the contract says
#      tools/sqlite-amalgamation.py --check   the page's SQLite, natively: its stubs' refusals
#   2. wasm-bindgen tests               tests/*.rs in headless Chromium via chromedriver
#                                       (scripts/wasm-test-runner: no undefined C symbols)
#   3. scripts/release.sh               trunk build --release into dist/ (and the benchmark
#                                       build, dist-bench/) + size report
#   4. scripts/e2e.sh                   dist/ under /playground/, clicked through in Chromium;
#                                       the benchmark on dist-bench/
# Every step runs even if an earlier one failed (except setup); the exit status is
# non-zero if any failed. Logs: artifacts/test-*.log.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
exec </dev/null
# cargo install's bin folder, in case the caller's PATH (e.g. CI's) lacks it.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
mkdir -p artifacts
# Headless Chromium leaves a profile folder in $TMPDIR each time it is killed rather
# than closed (about 60 MB; a machine collected 235 of them): the browsers of a run get
# their own temporary folder, emptied when the next run starts.
export TMPDIR="$ROOT/target/test-tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"

names=() results=() secs=()
tests_passed=0 tests_failed=0

# run NAME CMD... : runs CMD, tees its output to artifacts/test-NAME.log, records the result
run() {
    local name=$1 start status log="artifacts/test-$1.log"
    shift
    echo
    echo "==> [$name] $*"
    start=$(date +%s)
    "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    names+=("$name") results+=("$status") secs+=($(($(date +%s) - start)))
    # libtest / wasm-bindgen-test-runner: "test result: ok. 3 passed; 0 failed; ..."
    # tools/e2e.mjs: "e2e: 5 passed, 0 failed"; scripts/cli-smoke.sh: "checks: 3 passed, 0 failed"
    local p f
    read -r p f < <(sed -n -E \
        -e 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' \
        -e 's/^e2e: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' \
        -e 's/^checks: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$log" |
        awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }')
    tests_passed=$((tests_passed + p)) tests_failed=$((tests_failed + f))
    return "$status"
}

summary() {
    local i failed=0
    echo
    echo "==> summary"
    for i in "${!names[@]}"; do
        if [ "${results[$i]}" = 0 ]; then
            printf '    ok    %-8s %5ss\n' "${names[$i]}" "${secs[$i]}"
        else
            printf '    FAIL  %-8s %5ss  (exit %s, see artifacts/test-%s.log)\n' "${names[$i]}" "${secs[$i]}" "${results[$i]}" "${names[$i]}"
            failed=$((failed + 1))
        fi
    done
    [ -f artifacts/size-report.txt ] && echo "    release size: $(tail -n 1 artifacts/size-report.txt | awk '{ print $2 " B raw, " $3 " B gzip -9" }')"
    echo "tests: $tests_passed passed, $tests_failed failed"
    [ "$failed" = 0 ] && [ "$tests_failed" = 0 ]
}

run setup bash scripts/setup.sh || { summary; exit 1; }
export PLAYGROUND_SKIP_SETUP=1

run native cargo test --workspace
run cli bash scripts/cli-smoke.sh
# The page's SQLite (tools/sqlite-amalgamation.py) compiled natively with the page's flags:
# each statement it is built without fails with djsim's sentence, freeing what it parsed.
run sqlite python3 tools/sqlite-amalgamation.py --check
# A debug build on a busy 2-core machine: give each browser test file time (the
# runner's default is 20 s per WebDriver call).
run browser env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$ROOT/scripts/wasm-test-runner" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
    CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
    scripts/wasm cargo test --target wasm32-unknown-unknown -p playground
run release bash scripts/release.sh && run e2e bash scripts/e2e.sh
summary
