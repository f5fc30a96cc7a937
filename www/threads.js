// Threads for one run's matrix products. Where the page is cross-origin
// isolated (so a worker may share its memory with others) and the machine
// has more than one core, a run's worker loads the threaded build of the
// engine (pkg-threads/) and, the first time its run may use more than one
// thread, starts a pool of helper workers (thread-helper.js) that share
// its module's memory. Elsewhere it loads the plain build (pkg/) and the
// run stays on one thread. The bits are the same either way.

// The most helper threads one run's pool has.
const MAX_POOL = 8;

// Whether this context may share wasm memory with workers: only where
// the page is cross-origin isolated.
const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';

// The cores this machine reports, at most MAX_POOL.
const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_POOL));

// Why a run here has one thread whatever the page asks, or null when it
// may have more.
export let singleThreadReason = !isolated
  ? 'the page is not cross-origin isolated'
  : cores < 2 ? 'this machine reports one core' : null;

// The engine module this worker uses, initialised: the threaded build
// when a run here may have more than one thread (the plain one, and a
// reason, if the threaded build fails to load).
export async function loadEngine() {
  if (singleThreadReason == null) {
    try {
      const engine = await import('./pkg-threads/leaplab.js');
      await engine.default();
      return engine;
    } catch (error) {
      console.error('the threaded engine failed to load:', error);
      singleThreadReason = 'the threaded engine failed to load';
    }
  }
  const engine = await import('./pkg/leaplab.js');
  await engine.default();
  return engine;
}

let pool = null;

// Starts the pool of `cores` helper threads once, sharing `engine`'s
// memory (the threaded build's); resolves when every one has started.
// watch(port), if given, receives each helper's MessagePort, on which a
// helper that panicked sends {message}.
export function startPool(engine, watch) {
  pool ??= (async () => {
    const [module, memory] = engine.threadShare();
    const helpers = Array.from({ length: cores }, () =>
      new Worker(new URL('./thread-helper.js', import.meta.url), { type: 'module' }));
    await Promise.all(helpers.map((helper) => new Promise((resolve, reject) => {
      helper.onmessage = resolve;
      helper.onerror = (event) => reject(new Error(event.message || 'a helper thread failed to start'));
      const { port1, port2 } = new MessageChannel();
      watch?.(port1);
      helper.postMessage({ module, memory, port: port2 }, [port2]);
    })));
    engine.startThreadPool(cores);
    // the helpers must stay referenced while the pool lives
    return helpers;
  })();
  return pool;
}

// Lets the run's products use up to `wanted` threads, as far as this
// worker can (starting the pool when first needed), and resolves to how
// many they may use. If the helpers fail to start, the run stays on one
// thread and singleThreadReason says why. watch: as for startPool.
export async function useThreads(engine, wanted, watch) {
  if (singleThreadReason != null) return 1;
  const threads = Math.max(1, Math.min(wanted, cores));
  try {
    if (threads > 1) await startPool(engine, watch);
    engine.setThreads(threads);
    return threads;
  } catch (error) {
    console.error('the helper threads failed to start:', error);
    singleThreadReason = 'the helper threads failed to start';
    return 1;
  }
}
