#!/usr/bin/env bash
# scripts/release.sh
# Builds the release page into dist/ (relative asset URLs: it works from any sub-path,
# e.g. copied to /playground/ on a static host) and the benchmark page into dist-bench/,
# then prints dist/'s size report, raw and gzip -9 per file and in total, and saves it
# to artifacts/size-report.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ "${PLAYGROUND_SKIP_SETUP:-}" = 1 ] || bash "$ROOT/scripts/setup.sh"
# The release page only (never the browser tests or `trunk serve`): std rebuilt for size
# and panics as bare traps, when setup.sh found std's source (PLAYGROUND_RELEASE_STD=size).
# No input may panic (ARCHITECTURE.md), so no message is lost that a user could cause.
# -Zfmt-debug=shallow: a derived Debug prints only its type's name (-2.4 kB gz). The page
# shows no derived Debug output: every `{:?}` outside tests formats a str, char or JsValue,
# whose Debug impls are written by hand and stay whole.
RELEASE_STD=$("$ROOT/scripts/wasm" bash -c 'echo "${PLAYGROUND_RELEASE_STD:-prebuilt}"')
# SHA-256 (djsim's signing and PBKDF2) with its rounds as a loop, not unrolled: the page
# hashes a few short messages, and the unrolled compress function is ~8 kB of wasm.
SIZE_RUSTFLAGS='--cfg sha2_backend_soft="compact"'
if [ "$RELEASE_STD" = size ]; then
    export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=shallow $SIZE_RUSTFLAGS"
    echo "==> release std: build-std with optimize_for_size, panic=immediate-abort, fmt-debug=shallow" >&2
else
    echo "==> NOTICE: release std: prebuilt (no std source; see scripts/setup.sh): the page is about 40 kB gzip larger" >&2
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$SIZE_RUSTFLAGS"
fi
# Recomputes the Subresource Integrity hash DIST/index.html gives for a file changed here.
resign() {
    python3 - "$1" "$(dirname "$1")/index.html" <<'PY'
import base64, hashlib, pathlib, re, sys
f, html = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
sri = "sha384-" + base64.b64encode(hashlib.sha384(f.read_bytes()).digest()).decode()
text = html.read_text(encoding="utf-8")
tag = re.compile(r"<link\b[^>]*" + re.escape(f.name) + r"[^>]*>")
new, n = tag.subn(lambda m: re.sub(r"sha384-[A-Za-z0-9+/=]+", sri, m.group(0)), text)
if n != 1:
    sys.exit(f"release: expected one <link> for {f.name} in {html}, found {n}")
html.write_text(new, encoding="utf-8")
PY
}

# page DIST [TRUNK OPTIONS...]: one release page, built and packed into DIST.
page() {
    local dist=$1 wasm js
    shift
    echo "==> trunk build --release --public-url ./ --dist $dist $*" >&2
    "$ROOT/scripts/wasm" trunk build --release --public-url ./ --dist "$dist" "$@"
    # A C symbol left undefined (e.g. by a SQLite OMIT flag) becomes an import from "env"
    # and the page would fail to load: refuse such a build.
    for wasm in "$dist"/*_bg.wasm; do
        if ! missing=$(python3 "$ROOT/tools/wasm-env-imports.py" "$wasm"); then
            echo "release: $wasm imports undefined C symbols from \"env\": $missing" >&2
            exit 1
        fi
    done
    # Trunk's JS minifier cannot parse wasm-bindgen's glue (`export default`): terser minifies
    # it (an ES module; property names, and so wasm-bindgen's import names, are kept).
    for js in "$dist"/*.js; do
        node "$ROOT/tools/node_modules/terser/bin/terser" "$js" --module --compress --mangle -o "$js.min"
        mv "$js.min" "$js"
    done
    for wasm in "$dist"/*_bg.wasm; do
        js=${wasm%_bg.wasm}.js
        # The functions in the order that compresses best (tools/wasm-order.py names them in
        # that order, binaryen moves them; same code, about 4% smaller gzip or LZMA).
        # binaryen reads the features the module may use from its target_features section
        # (index.html's wasm-opt keeps it for this step), then drops the section.
        python3 "$ROOT/tools/wasm-order.py" "$wasm" "$wasm.named"
        node "$ROOT/tools/node_modules/binaryen/bin/wasm-opt" --reorder-functions-by-name --strip-target-features "$wasm.named" -o "$wasm"
        rm "$wasm.named"
        # wasm-bindgen's import names carry 16-digit hashes that do not compress: short names
        # in the module and in its glue (tools/wasm-short-imports.py checks the glue's layout).
        python3 "$ROOT/tools/wasm-short-imports.py" "$js" "$wasm"
        resign "$js"
        # Shipped as a .lzma file that index.html's loader unpacks (static/unlzma.js, inlined
        # minified) before compiling it: about 18% fewer bytes than the module gzipped.
        node "$ROOT/tools/node_modules/terser/bin/terser" "$ROOT/static/unlzma.js" --module --compress --mangle \
            | sed 's/^export async function unlzma(/async function unlzma(/' >"$wasm.unlzma.js"
        python3 "$ROOT/tools/wasm-lzma.py" "$wasm" "$dist/index.html" "$wasm.unlzma.js" "$UNLZMA"
        node "$ROOT/tools/unlzma-test.mjs" "$wasm.lzma" "$wasm" "$UNLZMA"
        rm "$wasm.unlzma.js" "$wasm"
    done
}

# The LZMA decoder both pages ship (crates/unlzma; static/unlzma.js loads it), with no
# custom sections. It must hold no panic path: its code masks or checks every index,
# and a panic would bring core's message formatting (kilobytes) with it.
echo "==> cargo build --release -p unlzma --target wasm32-unknown-unknown" >&2
"$ROOT/scripts/wasm" cargo build --release -p unlzma --target wasm32-unknown-unknown
UNLZMA=target/unlzma.wasm
node "$ROOT/tools/node_modules/binaryen/bin/wasm-opt" --strip-debug --strip-producers --strip-target-features \
    target/wasm32-unknown-unknown/release/unlzma.wasm -o "$UNLZMA"
if grep -q -a -e 'panicked' -e 'index out of bounds' -e 'assertion failed' "$UNLZMA"; then
    echo "release: $UNLZMA holds panic messages: some index in crates/unlzma is not masked or checked" >&2
    exit 1
fi

# The release page.
page dist
# The benchmark page (`?bench`, src/bench.rs): the same code and pipeline with the
# benchmark's code added, which the release page leaves out (about 11 kB gzip).
# scripts/e2e.sh runs it; it is not part of the size report.
page dist-bench --features bench
mkdir -p "$ROOT/artifacts"
{
    printf '%-44s %10s %10s\n' "dist/ file" "raw B" "gzip -9 B"
    total_raw=0 total_gz=0
    while IFS= read -r f; do
        raw=$(wc -c <"$f")
        gz=$(gzip -9 -c "$f" | wc -c)
        total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
        printf '%-44s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
    done < <(find dist -type f | LC_ALL=C sort)
    printf '%-44s %10d %10d\n' "total" "$total_raw" "$total_gz"
} | tee "$ROOT/artifacts/size-report.txt"
