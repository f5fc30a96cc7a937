// A module Web Worker of the sweep page's pool: it runs one sweep run at a
// time in its own wasm instance and answers with the run's record, the
// same JSON line `leaplab sweep` writes for it. The run is trained in
// slices of a few milliseconds with a return to the event loop between
// them, so that terminate() stops the worker at once, not after the
// browser's grace period for a busy script.
//
// In:  {spec, index}
// Out: {type: 'done', index, line} | {type: 'failed', index, message}
// After a failure the pool replaces the worker: a wasm instance that
// panicked must not be used again.

import * as engine from './pkg/leaplab.js';

const SLICE_MS = 25;
let task = null;
let index = null;
let chunk = 16;             // steps per advance call, tuned to ~5 ms

const ready = engine.default();
const tick = new MessageChannel();
tick.port1.onmessage = () => guard(turn);

function guard(work) {
  try {
    work();
  } catch (error) {
    task = null;
    // the engine keeps a panic's own message; the trap only says "unreachable"
    const panic = engine.lastPanic?.();
    self.postMessage({ type: 'failed', index, message: panic ?? String(error?.message ?? error) });
  }
}

function turn() {
  const start = performance.now();
  while (performance.now() - start < SLICE_MS) {
    const t0 = performance.now();
    const over = task.advance(chunk);
    const took = performance.now() - t0;
    chunk = Math.max(1, Math.min(100000, Math.round(chunk * (took < 2 ? 2 : took > 8 ? 0.5 : 1))));
    if (over) {
      const line = task.line();
      task.free();
      task = null;
      self.postMessage({ type: 'done', index, line });
      return;
    }
  }
  tick.port2.postMessage(null);
}

self.onmessage = async (event) => {
  await ready;
  index = event.data.index;
  guard(() => {
    task = new engine.SweepTask(event.data.spec, index);
    turn();
  });
};
