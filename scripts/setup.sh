#!/usr/bin/env bash
# scripts/setup.sh [--route=auto|rustup|debian]
#
# Installs everything the playground needs to build, serve and test, on a fresh
# Debian 12 machine whose only network is the package registries. Idempotent: every
# step checks first and is skipped when already done (a warm run takes about a second).
#
#   apt:   chromium chromium-driver (browser tests), clang llvm (C → wasm32 for SQLite
#          and zlib), nodejs npm if missing; Debian route also rustc-web cargo-web
#          rust-web-src rust-web-llvm lld-22
#   cargo: trunk 0.21.14, wasm-bindgen-cli = Cargo.lock's wasm-bindgen
#   npm:   tools/ (binaryen 132 for wasm-opt, playwright-core driving /usr/bin/chromium,
#          terser for the release page's JS, ajv + ajv-formats + har-schema for
#          tools/har-validate.mjs, the HAR 1.2 schema check)
#   rustup: rust-src if missing (the release page rebuilds std for size; optional)
#   then   cargo fetch (so Trunk's offline builds work), .tools/wasm-env.sh and
#          .tools/sqlite-amalgamation (tools/sqlite-amalgamation.py: SQLite for the page)
#
# Two routes to the wasm32-unknown-unknown target:
#   rustup  rustup's stable toolchain with its prebuilt wasm32 std (the normal one)
#   debian  Debian's rustc-web/cargo-web (/usr/bin), std rebuilt with build-std; the
#           fallback when `rustup target add` cannot download
# The build-std environment lives only in .tools/wasm-env.sh, which scripts/wasm
# sources for wasm commands; native builds never see it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR="$ROOT/.tools"
ENV_FILE="$TOOLS_DIR/wasm-env.sh"
TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=132
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
export DEBIAN_FRONTEND=noninteractive

ROUTE=auto
for arg in "$@"; do
    case "$arg" in
        --route=auto | --route=rustup | --route=debian) ROUTE=${arg#--route=} ;;
        -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg' (expected --route=auto|rustup|debian)" >&2; exit 2 ;;
    esac
done

step() { printf '==> %s\n' "$*" >&2; }
skip() { printf '    %s (already done)\n' "$*" >&2; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

SUDO=
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: cannot run apt-get"
    SUDO=sudo
fi

# ---------------------------------------------------------------- apt
APT_UPDATED=
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
apt_install() {
    local missing=() p
    for p in "$@"; do is_installed "$p" || missing+=("$p"); done
    if [ ${#missing[@]} -eq 0 ]; then
        skip "apt: $*"
        return
    fi
    if [ -z "$APT_UPDATED" ]; then
        step "apt-get update"
        $SUDO apt-get update -q >&2
        APT_UPDATED=1
    fi
    step "apt-get install ${missing[*]}"
    $SUDO apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}" >&2
}

# Version of a crate in Cargo.lock (first match).
lock_version() {
    awk -v name="$1" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

# ---------------------------------------------------------------- route
PREVIOUS_ROUTE=
[ -f "$ENV_FILE" ] && PREVIOUS_ROUTE=$(sed -n 's/^export PLAYGROUND_WASM_ROUTE=//p' "$ENV_FILE")

rustup_has_target() {
    command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
rustup_add_target() {
    command -v rustup >/dev/null || return 1
    step "rustup target add wasm32-unknown-unknown (up to 300 s)"
    timeout 300 rustup target add wasm32-unknown-unknown >&2
}

if [ "$ROUTE" = auto ] && [ -n "$PREVIOUS_ROUTE" ]; then
    ROUTE=$PREVIOUS_ROUTE # chosen by an earlier run; `--route=` to change it
fi
case "$ROUTE" in
    auto)
        if rustup_has_target || rustup_add_target; then ROUTE=rustup; else ROUTE=debian; fi
        step "route: $ROUTE (detected)"
        ;;
    rustup)
        rustup_has_target || rustup_add_target || die "rustup route: cannot get the wasm32-unknown-unknown target (try --route=debian)"
        step "route: rustup"
        ;;
    debian) step "route: debian" ;;
esac

# ---------------------------------------------------------------- system packages
PACKAGES=(chromium chromium-driver clang llvm python3)
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)
[ "$ROUTE" = debian ] && PACKAGES+=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
apt_install "${PACKAGES[@]}"
command -v cargo >/dev/null || [ "$ROUTE" = debian ] || die "no cargo on PATH (install rustup, or use --route=debian)"
HOST_CARGO=$(command -v cargo || echo /usr/bin/cargo)

# ---------------------------------------------------------------- cargo tools
installed_version() { "$@" 2>/dev/null | awk '{ print $2; exit }'; }

if [ "$(installed_version trunk --version)" = "$TRUNK_VERSION" ]; then
    skip "trunk $TRUNK_VERSION"
else
    step "cargo install trunk --version $TRUNK_VERSION --locked (about 7 min on 2 cores)"
    "$HOST_CARGO" install trunk --version "$TRUNK_VERSION" --locked
fi

WBG_VERSION=$(lock_version wasm-bindgen)
[ -n "$WBG_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$(installed_version wasm-bindgen --version)" = "$WBG_VERSION" ] &&
    [ "$(installed_version wasm-bindgen-test-runner --version)" = "$WBG_VERSION" ]; then
    skip "wasm-bindgen-cli $WBG_VERSION"
else
    # No --locked: its lock file names a webpki-roots version the registry lacks.
    step "cargo install wasm-bindgen-cli --version $WBG_VERSION (about 4 min on 2 cores)"
    "$HOST_CARGO" install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi
grep -q "^wasm_bindgen = \"$WBG_VERSION\"" "$ROOT/Trunk.toml" ||
    die "Trunk.toml [tools] wasm_bindgen must be \"$WBG_VERSION\" (Cargo.lock's wasm-bindgen)"

# ---------------------------------------------------------------- npm tools
mkdir -p "$TOOLS_DIR"
NPM_STAMP="$TOOLS_DIR/npm.stamp"
npm_wanted=$(cat "$ROOT/tools/package-lock.json" "$ROOT/tools/package.json" | sha256sum | cut -c1-64)
if [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$npm_wanted" ] &&
    [ -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] && [ -d "$ROOT/tools/node_modules/playwright-core" ] &&
    [ -f "$ROOT/tools/node_modules/terser/bin/terser" ] && [ -d "$ROOT/tools/node_modules/har-schema" ] &&
    [ -d "$ROOT/tools/node_modules/ajv-formats" ]; then
    skip "npm ci (tools/)"
else
    step "npm ci in tools/ (binaryen $WASM_OPT_VERSION, playwright-core, terser, ajv + har-schema; no browser download)"
    (cd "$ROOT/tools" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2)
    echo "$npm_wanted" >"$NPM_STAMP"
fi
got=$("$ROOT/tools/node_modules/.bin/wasm-opt" --version)
case "$got" in *"version_$WASM_OPT_VERSION"*) ;; *) die "tools/ wasm-opt is '$got', want version_$WASM_OPT_VERSION" ;; esac

# ---------------------------------------------------------------- release std
# The release page (scripts/release.sh only) rebuilds std for size: build-std with std's
# optimize_for_size feature and -Cpanic=immediate-abort (a panic is a bare trap: no
# message, no unwinding code, no panic strings; about 40 kB gzip smaller). It needs
# std's source (rustup's rust-src, or Debian's rust-web-src on that route) and a rustc
# that knows immediate-abort. Without them the release is built with the prebuilt std.
if [ "$ROUTE" = debian ]; then WASM_RUSTC=/usr/bin/rustc; else WASM_RUSTC="$CARGO_BIN/rustc"; fi
[ -x "$WASM_RUSTC" ] || WASM_RUSTC=$(command -v rustc || echo rustc)
std_source_present() {
    local sysroot
    sysroot=$("$WASM_RUSTC" --print sysroot 2>/dev/null) || return 1
    [ -f "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ]
}
immediate_abort_known() {
    RUSTC_BOOTSTRAP=1 "$WASM_RUSTC" -Zunstable-options -Cpanic=immediate-abort --print cfg \
        --target wasm32-unknown-unknown 2>/dev/null | grep -q '^panic="immediate-abort"$'
}
RELEASE_STD=prebuilt
if ! std_source_present && [ "$ROUTE" = rustup ]; then
    step "rustup component add rust-src (for the release page's size; up to 300 s)"
    timeout 300 rustup component add rust-src >&2 || true
fi
if std_source_present && immediate_abort_known; then
    RELEASE_STD=size
    step "release std: build-std, optimize_for_size, panic=immediate-abort"
else
    printf '    NOTICE: no std source or no -Cpanic=immediate-abort in %s: the release page is\n' "$WASM_RUSTC" >&2
    printf '    built with the prebuilt std and panic=abort (about 40 kB gzip larger).\n' >&2
fi

# ---------------------------------------------------------------- env file
# Written before `cargo fetch` so the fetch for the Debian route uses it.
ENV_TMP="$ENV_FILE.tmp"
{
    echo "# Written by scripts/setup.sh; sourced by scripts/wasm only (never for native builds)."
    echo "export PLAYGROUND_WASM_ROUTE=$ROUTE"
    echo '_pg_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)'
    if [ "$ROUTE" = debian ]; then
        # Trunk runs `cargo` from PATH: /usr/bin's cargo/rustc must come before rustup's.
        echo "export PATH=\"\$_pg_root/tools/node_modules/.bin:/usr/bin:$CARGO_BIN:\$PATH\""
        echo "export RUSTC_BOOTSTRAP=1"
        echo "export CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
    else
        echo "export PATH=\"\$_pg_root/tools/node_modules/.bin:$CARGO_BIN:\$PATH\""
    fi
    echo "export TRUNK_SKIP_VERSION_CHECK=true"
    # C code compiled for wasm32 (SQLite, zlib) needs clang and llvm-ar, not gcc/ar.
    echo "export CC_wasm32_unknown_unknown=clang"
    echo "export AR_wasm32_unknown_unknown=llvm-ar"
    echo "unset _pg_root"
    # Read by scripts/release.sh only: size (build-std for the release page) or prebuilt.
    echo "export PLAYGROUND_RELEASE_STD=$RELEASE_STD"
} >"$ENV_TMP"
if cmp -s "$ENV_TMP" "$ENV_FILE"; then
    rm "$ENV_TMP"
    skip ".tools/wasm-env.sh ($ROUTE)"
else
    mv "$ENV_TMP" "$ENV_FILE"
    step "wrote .tools/wasm-env.sh ($ROUTE)"
fi

# ---------------------------------------------------------------- crates
FETCH_STAMP="$TOOLS_DIR/fetch.stamp"
fetch_wanted="$ROUTE $RELEASE_STD $(cat "$ROOT/Cargo.lock" "$ROOT/Cargo.toml" "$ROOT"/crates/*/Cargo.toml | sha256sum | cut -c1-64)"
if [ -f "$FETCH_STAMP" ] && [ "$(cat "$FETCH_STAMP")" = "$fetch_wanted" ]; then
    skip "cargo fetch"
else
    step "cargo fetch"
    (cd "$ROOT" && "$HOST_CARGO" fetch -q)
    if [ "$ROUTE" = debian ] || [ "$RELEASE_STD" = size ]; then
        # A plain fetch skips std's own dependencies (dlmalloc, getopts...).
        step "cargo fetch --target wasm32-unknown-unknown (with build-std)"
        (cd "$ROOT" && RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
            "$ROOT/scripts/wasm" cargo fetch -q --target wasm32-unknown-unknown)
    fi
    echo "$fetch_wanted" >"$FETCH_STAMP"
fi

# ---------------------------------------------------------------- SQLite for the page
# sqlite-wasm-rs's amalgamation with stubs for the grammar's omitted features
# (.tools/sqlite-amalgamation, see the script); a no-op when its stamp is current.
python3 "$ROOT/tools/sqlite-amalgamation.py"

step "setup done (route $ROUTE, release std $RELEASE_STD): trunk $TRUNK_VERSION, wasm-bindgen $WBG_VERSION, wasm-opt $WASM_OPT_VERSION, $(chromium --version 2>/dev/null || echo 'chromium ?')"
