# Installs what the build and tests need and is missing; safe to run again.
# Sourced by scripts/run.sh, scripts/test.sh, scripts/build-web.sh and
# scripts/bench.sh. Every check here must survive a missing tool under
# `set -euo pipefail`: tests/setup/fresh_machine.sh runs each ensure_* with
# a PATH that has none of the tools and fails if one aborts.

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs one install step; if it fails, says which step and what to do, then
# exits with its status (never a bare exit code).
#   install_step "what is being installed" "what to do if it fails" cmd args…
install_step() {
    local what=$1 hint=$2 status=0
    shift 2
    say "$what"
    "$@" || status=$?
    if [ "$status" -ne 0 ]; then
        printf '\033[1;31mset-up failed: %s (exit status %s)\033[0m\n' "$what" "$status" >&2
        printf 'what to do: %s\n' "$hint" >&2
        exit "$status"
    fi
}

# Prints the version a tool reports as its second word, or nothing when
# the tool is missing or fails.
tool_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }' || true
}

# The version of wasm-bindgen that Cargo.lock pins.
locked_wasm_bindgen_version() {
    awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

apt_install() {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_wasm_target() {
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        install_step "adding the wasm32-unknown-unknown target" \
            "check that rustup can reach crates.io's static host, then run: rustup target add wasm32-unknown-unknown" \
            rustup target add wasm32-unknown-unknown
    fi
}

# The standard library's source, from which the threaded browser build
# (scripts/wasm-build.sh) rebuilds std with atomics.
ensure_rust_src() {
    if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
        install_step "adding the rust-src component (the threaded wasm build rebuilds std)" \
            "check that rustup can reach crates.io's static host, then run: rustup component add rust-src" \
            rustup component add rust-src
    fi
}

# wasm-bindgen's command-line tools must match the crate version in
# Cargo.lock exactly, or the generated bindings are refused.
ensure_wasm_bindgen_cli() {
    local want
    want=$(locked_wasm_bindgen_version)
    if [ "$(tool_version wasm-bindgen)" != "$want" ] || [ "$(tool_version wasm-bindgen-test-runner)" != "$want" ]; then
        install_step "installing wasm-bindgen-cli $want (about 3 minutes, once)" \
            "run: cargo install wasm-bindgen-cli --version $want (it needs crates.io and a C compiler)" \
            cargo install wasm-bindgen-cli --version "$want"
    fi
}

ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        install_step "installing Node.js and npm from Debian" \
            "run as root: apt-get update && apt-get install nodejs npm" \
            apt_install nodejs npm
    fi
}

# Debian's Chromium and its driver, for the browser tests (never a browser
# downloaded by a test tool). The tests start /usr/bin/chromium.
ensure_chromium() {
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
        install_step "installing chromium and chromium-driver from Debian" \
            "run as root: apt-get update && apt-get install chromium chromium-driver" \
            apt_install chromium chromium-driver
    fi
}

# Debian's Firefox ESR, in which the wasm tests check the golden hashes
# too (bit-identical in every browser, not only in Chromium).
ensure_firefox() {
    if ! command -v firefox-esr >/dev/null 2>&1; then
        install_step "installing firefox-esr from Debian" \
            "run as root: apt-get update && apt-get install firefox-esr" \
            apt_install firefox-esr
    fi
}

# The WebDriver for Firefox that wasm-bindgen-test-runner drives, built
# from crates.io at a pinned version.
GECKODRIVER_VERSION=0.37.1
ensure_geckodriver() {
    if [ "$(tool_version geckodriver)" != "$GECKODRIVER_VERSION" ]; then
        install_step "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes, once)" \
            "run: cargo install geckodriver --version $GECKODRIVER_VERSION --locked (it needs crates.io)" \
            cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
    fi
}

# The npm packages of the browser tests, as package-lock.json pins them.
ensure_npm_packages() {
    if ! npm ls --silent >/dev/null 2>&1; then
        install_step "installing the browser tests' npm packages" \
            "run: npm ci (it needs the npm registry); delete node_modules/ if it is damaged" \
            npm ci --no-audit --no-fund --loglevel=error
    fi
}
