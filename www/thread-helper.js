// A helper thread of a run's worker (threads.js): it instantiates the
// threaded engine on the worker's shared memory, says it is ready, then
// runs one thread of the engine's pool for as long as the worker lives.
// If the engine panics here, the run's worker is left waiting for this
// thread for good, so the panic's message goes straight to the page,
// through `port` (see RunHandle).

self.onmessage = async ({ data: { module, memory, port } }) => {
  const engine = await import('./pkg-threads/leaplab.js');
  await engine.default({ module_or_path: module, memory });
  self.postMessage('ready');
  try {
    engine.joinThreadPool();
  } catch (error) {
    port?.postMessage({ message: engine.lastPanic() ?? String(error?.message ?? error) });
  }
};
