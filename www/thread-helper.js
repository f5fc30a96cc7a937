// A helper thread of a run's worker (threads.js): it instantiates the
// threaded engine on the worker's shared memory, says it is ready, then
// runs one thread of the engine's pool for as long as the worker lives.

self.onmessage = async ({ data: { module, memory } }) => {
  const engine = await import('./pkg-threads/leaplab.js');
  await engine.default({ module_or_path: module, memory });
  self.postMessage('ready');
  engine.joinThreadPool();
};
