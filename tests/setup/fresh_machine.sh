#!/usr/bin/env bash
# Proves scripts/setup.sh on a simulated fresh machine: every ensure_*
# function runs with a PATH on which none of the tools it looks for exists.
# The installers (rustup, cargo, apt-get, and npm once installed) are stubs
# that record what they were asked to install and then provide the tool, as
# the real ones would. Checks that nothing aborts, that each tool would be
# installed, that a second run installs nothing, and that a failing install
# names its step and what to do. Run by scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bin          # the simulated machine's PATH
later=$work/later      # tools an installer would provide
log=$work/installed.log
mkdir -p "$bin" "$later"
: >"$log"

# The basic tools the checks use, and none of the tools they look for.
for tool in awk grep cat chmod cp touch; do
    ln -s "$(command -v "$tool")" "$bin/$tool"
done

# stub DIR NAME BODY: a command, written in bash.
stub() {
    printf '#!%s\nlog=%q bin=%q later=%q\n%s\n' "$BASH" "$log" "$bin" "$later" "$3" >"$1/$2"
    chmod +x "$1/$2"
}

stub "$bin" rustup '
case "$1 $2" in
  "target list") if [ -e "$later/wasm-target-added" ]; then echo wasm32-unknown-unknown; fi ;;
  "target add") echo "rustup target add $3" >>"$log"; touch "$later/wasm-target-added" ;;
  "component list") if [ -e "$later/rust-src-added" ]; then echo rust-src; fi ;;
  "component add") echo "rustup component add $3" >>"$log"; touch "$later/rust-src-added" ;;
  *) exit 2 ;;
esac'
stub "$bin" cargo '
[ "$1" = install ] || exit 2
crate=$2 version=
while [ $# -gt 0 ]; do if [ "$1" = --version ]; then version=$2; fi; shift; done
echo "cargo install $crate $version" >>"$log"
case "$crate" in
  wasm-bindgen-cli) tools="wasm-bindgen wasm-bindgen-test-runner" ;;
  *) tools=$crate ;;
esac
for tool in $tools; do
  printf "#!/bin/sh\necho \"$tool $version\"\n" >"$bin/$tool"; chmod +x "$bin/$tool"
done'
stub "$bin" apt-get '
[ "$1" = install ] || exit 0
shift
packages=
for arg in "$@"; do
  case "$arg" in -*) continue ;; esac
  packages="$packages $arg"
  case "$arg" in nodejs) command=node ;; chromium-driver) command=chromedriver ;; *) command=$arg ;; esac
  [ ! -e "$later/$command" ] || cp "$later/$command" "$bin/"
done
echo "apt-get install$packages" >>"$log"
[ -z "${FAIL_APT:-}" ] || exit 100'
for tool in node chromium chromedriver firefox-esr; do stub "$later" "$tool" 'echo "$0 1.0"'; done
stub "$later" npm '
case "$1" in
  ls) [ -e "$later/npm-packages-installed" ] ;;
  ci) echo "npm ci" >>"$log"; touch "$later/npm-packages-installed" ;;
  *) exit 2 ;;
esac'

run_every_ensure() {
    PATH=$bin "$BASH" -c '
        set -euo pipefail
        cd "$1"
        . scripts/setup.sh
        for step in $(declare -F | awk "\$3 ~ /^ensure_/ { print \$3 }"); do "$step"; done
    ' fresh "$root" 2>"$work/stderr"
}

fail() {
    printf 'FAIL: %s\n--- installed ---\n' "$1" >&2
    cat "$log" >&2
    printf -- '--- stderr ---\n' >&2
    cat "$work/stderr" >&2
    exit 1
}

want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
gecko=$(awk -F= '$1 == "GECKODRIVER_VERSION" { print $2 }' "$root/scripts/setup.sh")
run_every_ensure || fail "an ensure_* step aborted on a fresh machine"
for line in \
    "rustup target add wasm32-unknown-unknown" \
    "rustup component add rust-src" \
    "cargo install wasm-bindgen-cli $want" \
    "apt-get install nodejs npm" \
    "apt-get install chromium chromium-driver" \
    "apt-get install firefox-esr" \
    "cargo install geckodriver $gecko" \
    "npm ci"; do
    grep -qxF "$line" "$log" || fail "expected '$line' on a fresh machine"
done

: >"$log"
run_every_ensure || fail "the second run aborted"
[ ! -s "$log" ] || fail "the second run installed again"

# A failing install names the step and what to do, and stops.
rm -f "$bin/chromium" "$bin/chromedriver"
if FAIL_APT=1 run_every_ensure; then fail "a failed install did not stop the set-up"; fi
grep -q "set-up failed: installing chromium" "$work/stderr" || fail "the failure does not name its step"
grep -q "what to do:" "$work/stderr" || fail "the failure does not say what to do"
echo "fresh-machine set-up: each tool would be installed, a second run installs nothing, a failure names its step"
