//! Several threads for one run in the browser (the build with the
//! `threads` feature, compiled with atomics and shared memory): rayon's
//! global pool, whose threads are Web Workers that share this module's
//! memory. The run's worker starts them (`www/threads.js`):
//!
//! 1. it sends [`thread_share`]'s module and memory to each new helper
//!    worker, which instantiates the module on that memory and calls
//!    [`join_thread_pool`], where it waits for a thread of the pool to run;
//! 2. once every helper is ready, it calls [`start_thread_pool`], which
//!    builds the pool, handing one thread to each waiting helper.
//!
//! The products cut their rows into bands on the pool exactly as natively
//! (`nn::kernels::set_threads`), so a run gives the same bits on any
//! number of threads.

use js_sys::Array;
use rayon::ThreadBuilder;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Mutex, OnceLock};
use wasm_bindgen::prelude::*;

#[cfg(not(target_feature = "atomics"))]
compile_error!(
    "the threads feature needs the wasm build with atomics (scripts/build-web.sh builds it)"
);

/// The most threads a pool may have.
const MAX_POOL_THREADS: usize = 16;

/// Threads of the pool on their way to the helpers waiting for them.
struct Handover {
    send: SyncSender<ThreadBuilder>,
    receive: Mutex<Receiver<ThreadBuilder>>,
}

fn handover() -> &'static Handover {
    static HANDOVER: OnceLock<Handover> = OnceLock::new();
    HANDOVER.get_or_init(|| {
        let (send, receive) = sync_channel(MAX_POOL_THREADS);
        Handover {
            send,
            receive: Mutex::new(receive),
        }
    })
}

/// `[module, memory]`: what a helper worker needs to instantiate this
/// module on the same memory (`init({module_or_path: module, memory})`).
#[wasm_bindgen(js_name = threadShare)]
pub fn thread_share() -> Array {
    Array::of2(&wasm_bindgen::module(), &wasm_bindgen::memory())
}

/// Called by a helper worker once it has instantiated the module on the
/// shared memory: waits for a thread of the pool and runs it, for good
/// (the call never returns while the pool lives).
#[wasm_bindgen(js_name = joinThreadPool)]
pub fn join_thread_pool() {
    let thread = handover()
        .receive
        .lock()
        .expect("the handover lock")
        .recv()
        .expect("the pool's threads");
    thread.run();
}

/// Builds rayon's pool with `threads` threads (1 to 16), one for each
/// helper waiting in [`join_thread_pool`], and lets every product use up
/// to `threads` of them. Call it once, after the helpers are ready: it
/// returns when every thread of the pool has started.
#[wasm_bindgen(js_name = startThreadPool)]
pub fn start_thread_pool(threads: usize) -> Result<(), JsError> {
    if !(1..=MAX_POOL_THREADS).contains(&threads) {
        return Err(JsError::new(&format!(
            "threads: {threads} is not allowed; a pool has 1 to {MAX_POOL_THREADS}"
        )));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|thread| {
            handover()
                .send
                .send(thread)
                .map_err(|_| std::io::Error::other("the handover channel is closed"))
        })
        .build_global()
        .map_err(|error| JsError::new(&format!("the thread pool: {error}")))?;
    set_threads(threads, None);
    Ok(())
}

/// Lets every product from now on use up to `threads` threads of the pool
/// (at least one), cutting a product into bands of at least
/// `min_band_work` multiply-adds (`undefined`: the default). The bits are
/// the same for any setting; tests cut every product with `min_band_work`
/// 1.
#[wasm_bindgen(js_name = setThreads)]
pub fn set_threads(threads: usize, min_band_work: Option<usize>) {
    crate::nn::kernels::set_threads(threads, min_band_work);
}

/// A test hook: panics with `message` on a thread of the pool, not the
/// caller's, so the browser tests can check that a helper's panic reaches
/// the page (`www/thread-helper.js`). Only test builds have it (the
/// `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = testPanicOnHelper)]
pub fn test_panic_on_helper(message: String) {
    rayon::scope(|s| s.spawn(move |_| panic!("{message}")));
}
