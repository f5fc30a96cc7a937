# The two browser builds of the engine, sourced by scripts/build-web.sh and
# scripts/build-site.sh (after scripts/setup.sh):
#
#   wasm_build PROFILE [cargo args…]          the plain module: one thread a run
#   wasm_build_threads PROFILE [cargo args…]  the threaded module: atomics and
#       shared memory, so that a run's products can use several threads
#       (src/wasm/threads.rs, www/threads.js), for cross-origin isolated pages
#   cargo_threads SUBCOMMAND [args…]          any cargo command on the threaded build
#
# Each prints the path of the .wasm it built. The threaded build rebuilds
# the standard library with atomics (-Z build-std, from the rust-src
# component). That flag is unstable: RUSTC_BOOTSTRAP=1 lets the pinned
# stable compiler accept it, for this build only, since this machine kind
# has no nightly toolchain (rustc then warns that `atomics` is an unstable
# target feature: expected). It builds into its own target directory, so the
# two builds do not undo each other's caches.

wasm_build() {
    local profile=$1
    shift
    cargo build --profile "$profile" --target wasm32-unknown-unknown --lib --quiet "$@"
    echo "target/wasm32-unknown-unknown/$profile/leaplab.wasm"
}

# Shared memory needs wasm-ld told so: the memory imported (each helper
# worker instantiates the module on the run worker's memory), shared, at
# most 2 GiB (a run may need 512 MiB: src/config/budget.rs; the limit is
# address space reserved, not memory taken), and the thread-local storage
# symbols wasm-bindgen sets up for each thread.
WASM_THREADS_RUSTFLAGS="-C target-feature=+simd128,+atomics,+bulk-memory,+mutable-globals \
-C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=2147483648 \
-C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
-C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"

# cargo SUBCOMMAND [args…] on the threaded build's flags, features and
# target directory (scripts/test.sh lints it with clippy).
cargo_threads() {
    local subcommand=$1
    shift
    ensure_rust_src
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="$WASM_THREADS_RUSTFLAGS" \
        cargo "$subcommand" --target wasm32-unknown-unknown --lib --features threads \
        -Z build-std=std,panic_abort --target-dir target/wasm-threads "$@"
}

wasm_build_threads() {
    local profile=$1
    shift
    cargo_threads build --profile "$profile" --quiet "$@"
    echo "target/wasm-threads/wasm32-unknown-unknown/$profile/leaplab.wasm"
}
