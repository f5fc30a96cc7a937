# Installs what the build and tests need and is missing; safe to run again.
# Sourced by scripts/run.sh and scripts/test.sh.

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

# wasm-bindgen's command-line tools must match the crate version in
# Cargo.lock exactly, or the generated bindings are refused.
ensure_wasm_bindgen_cli() {
    local want have
    want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    have=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{ print $2 }')
    if [ "$have" != "$want" ]; then
        say "installing wasm-bindgen-cli $want (about 3 minutes, once)"
        cargo install wasm-bindgen-cli --version "$want"
    fi
}

ensure_node() {
    if ! command -v node >/dev/null; then
        say "installing Node.js from Debian"
        apt-get update -qq && apt-get install -y -qq nodejs npm
    fi
}

# Debian's Chromium and its driver, for the browser tests (never a browser
# downloaded by a test tool).
ensure_chromium() {
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        say "installing chromium and chromium-driver from Debian"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
    fi
}

# The npm packages of the browser tests, as package-lock.json pins them.
ensure_npm_packages() {
    if ! npm ls --silent >/dev/null 2>&1; then
        say "installing the browser tests' npm packages"
        npm ci --no-audit --no-fund --loglevel=error
    fi
}
