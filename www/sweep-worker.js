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

import init, { SweepTask, lastPanic } from './pkg/leaplab.js';
import { SlicedLoop } from './worker-loop.js';

let task = null;
let index = null;

const ready = init();
// slices of 25 ms; calls of about 5 ms
const loop = new SlicedLoop({ sliceMs: 25, fastMs: 2, slowMs: 8, turn, failed, lastPanic });

function failed(message) {
  task = null;
  self.postMessage({ type: 'failed', index, message });
}

function turn() {
  let over = false;
  loop.slice((steps) => { over = task.advance(steps); }, () => over);
  if (!over) {
    loop.later();
    return;
  }
  const line = task.line();
  task.free();
  task = null;
  self.postMessage({ type: 'done', index, line });
}

self.onmessage = async (event) => {
  await ready;
  index = event.data.index;
  loop.guard(() => {
    task = new SweepTask(event.data.spec, index);
    turn();
  });
};
