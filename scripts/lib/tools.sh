# Shared install and build steps for scripts/serve, scripts/build-web, scripts/e2e,
# scripts/screenshot and scripts/test. Source it; every function is idempotent and quick when
# its tool is already there. Versions are pinned here and in Trunk.toml / tests/e2e/package.json.
#
#   ensure_wasm_tools   wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (binaryen from npm)
#   ensure_e2e_tools    Chromium (Debian package) and playwright-core (tests/e2e, from its lock file)
#   build_web [release|debug]   trunk build into dist/, skipped when dist/ is newer than its inputs

PYXRAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYXRAY_TOOLS_DIR="${PYXRAY_TOOLS_DIR:-$PYXRAY_ROOT/.tools}"

TRUNK_VERSION="0.21.14"
WASM_BINDGEN_VERSION="0.2.129" # must equal the wasm-bindgen pin in Cargo.toml and Trunk.toml
BINARYEN_NPM_VERSION="132.0.0" # wasm-opt "version_132" in Trunk.toml
CHROMIUM_PATH="${PYXRAY_CHROMIUM:-/usr/bin/chromium}"

# Trunk must never try to download anything (tools are pinned and installed here).
export TRUNK_SKIP_VERSION_CHECK=true
export PATH="$PYXRAY_TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

pyxray_note() {
  printf 'pyxray: %s\n' "$*" >&2
}

# `cargo install --locked NAME --version V` unless `BINARY --version` already reports V.
ensure_cargo_tool() {
  local crate="$1" version="$2" binary="$3"
  if command -v "$binary" >/dev/null 2>&1 && "$binary" --version 2>/dev/null | grep -qF " $version"; then
    return 0
  fi
  pyxray_note "installing $crate $version (cargo install, takes a few minutes once)"
  cargo install --locked "$crate" --version "$version"
}

ensure_wasm_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    pyxray_note "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk
  ensure_cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
  # Debian's binaryen is too old for the wasm current Rust emits; the npm build is pinned instead.
  if ! "$PYXRAY_TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_NPM_VERSION%%.*}"; then
    pyxray_note "installing binaryen $BINARYEN_NPM_VERSION (wasm-opt) into $PYXRAY_TOOLS_DIR"
    mkdir -p "$PYXRAY_TOOLS_DIR"
    [ -f "$PYXRAY_TOOLS_DIR/package.json" ] || printf '{ "private": true }\n' >"$PYXRAY_TOOLS_DIR/package.json"
    npm install --prefix "$PYXRAY_TOOLS_DIR" --no-audit --no-fund --save-exact "binaryen@$BINARYEN_NPM_VERSION" >&2
  fi
}

ensure_e2e_tools() {
  if [ ! -x "$CHROMIUM_PATH" ]; then
    pyxray_note "installing Chromium (Debian package)"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2
  fi
  local e2e="$PYXRAY_ROOT/tests/e2e"
  local wanted installed
  wanted="$(node -p "require('$e2e/package-lock.json').packages['node_modules/playwright-core'].version")"
  installed="$(node -p "try { require('$e2e/node_modules/playwright-core/package.json').version } catch { '' }")"
  if [ "$wanted" != "$installed" ]; then
    pyxray_note "installing playwright-core $wanted into tests/e2e (npm ci)"
    (cd "$e2e" && npm ci --no-audit --no-fund >&2)
  fi
}

# True when dist/ is missing or older than anything it is built from.
web_build_is_stale() {
  local stamp="$PYXRAY_ROOT/dist/.pyxray-build-$1"
  [ -f "$stamp" ] || return 0
  [ -n "$(cd "$PYXRAY_ROOT" && find src www crates index.html Trunk.toml Cargo.toml Cargo.lock \
    -newer "$stamp" -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}

# Builds dist/ with Trunk (release: wasm-opt -Oz; debug: fast, unoptimised) unless it is up to date.
# PYXRAY_FORCE_BUILD=1 rebuilds regardless.
build_web() {
  local profile="${1:-release}"
  if [ "${PYXRAY_FORCE_BUILD:-0}" != 1 ] && ! web_build_is_stale "$profile"; then
    pyxray_note "dist/ ($profile) is up to date"
    return 0
  fi
  local flags=()
  [ "$profile" = release ] && flags+=(--release)
  pyxray_note "building dist/ ($profile) with trunk"
  (cd "$PYXRAY_ROOT" && trunk build "${flags[@]}" >&2)
  rm -f "$PYXRAY_ROOT"/dist/.pyxray-build-*
  touch "$PYXRAY_ROOT/dist/.pyxray-build-$profile"
  report_wasm_size
}

report_wasm_size() {
  local wasm
  for wasm in "$PYXRAY_ROOT"/dist/*.wasm; do
    [ -f "$wasm" ] || continue
    pyxray_note "$(basename "$wasm"): $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
  done
}
