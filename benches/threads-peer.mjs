// leaplab's threaded wasm build as a peer of the speed benchmark, in a
// module worker of benches/page.html (served cross-origin isolated by
// scripts/serve.mjs): the page's own threads.js loads www/pkg-threads and
// starts its pool, then the run's products use `threads` threads, as a
// run on its own does in the playground.
// In: {config, threads, minBandWork} (minBandWork: the smallest band of a
// product, in multiply-adds; undefined: the engine's default).
// Out: the measurement, or {error}.

import { loadEngine, singleThreadReason, startPool } from '/www/threads.js';
import { leaplabPeer } from './peers.mjs';

self.onmessage = async ({ data: { config, threads, minBandWork } }) => {
  try {
    const spec = await (await fetch('./configs.json')).json();
    const cfg = spec.configs.find((c) => c.name === config);
    const engine = await loadEngine();
    if (singleThreadReason) throw new Error(`one thread only: ${singleThreadReason}`);
    await startPool(engine);
    engine.setThreads(threads, minBandWork);
    self.postMessage({ ...leaplabPeer(engine.Run, spec, cfg), threads });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
