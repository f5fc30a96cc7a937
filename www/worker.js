// A module Web Worker that owns one training run. The run's weights stay in
// wasm memory here; the page sends commands and receives metric batches.
//
// In:  {type: 'create', query} | {type: 'run', threads} | {type: 'pause'}
//      | {type: 'step'} | {type: 'reset'} | {type: 'weights'}
//      | {type: 'extend', steps}: raise the budget by steps (Run.extend)
//      | {type: 'test-panic'} (a test hook: makes the engine panic; a
//        build without the test-hooks feature answers with an error)
//      | {type: 'test-panic-helper'} (a test hook: makes the engine panic
//        on a helper thread, which leaves this worker waiting for good)
//      ('run' asks for up to `threads` threads for the run's products:
//      threads.js gives what this worker can)
// Out: {type: 'ready', monomials, coefficients, statements, gf2, query}
//        (statements: the target's analysis in words, {key, term, value, text},
//        or {error} when the engine refuses to work it out)
//        (gf2: samples GF(2) elimination needs for a parity target, or null)
//      | {type: 'points', batch, summary, stepsPerSecond, finished,
//         threads, threadsAllowed, singleThreadReason}
//        (threads: how many threads the run's products use, threadsAllowed:
//        how many they may use (products too small to share use one);
//        singleThreadReason: why this worker gives a run only one, or null)
//      | {type: 'extended', withdrawn, query, summary, finished}
//        (withdrawn: the last evaluation sent no longer belongs to the run)
//      | {type: 'weights', json} | {type: 'error', message}
//      | {type: 'panic', message}: the engine panicked; this worker is
//        finished and the page must start a new one.
//      | {type: 'helper-port'} with a MessagePort: a helper thread sends
//        {message} on it if the engine panics there (this worker cannot:
//        it waits for that thread for good); the page then starts a new one.

import { loadEngine, singleThreadReason, useThreads } from './threads.js';
import { SlicedLoop } from './worker-loop.js';

let run = null;
let query = null;
let running = false;

let engine = null;
// the threads the run's products may use (they use fewer when too small)
let threadsAllowed = 1;
// every message is handled after the one before it, once the engine is loaded
let queue = loadEngine().then((loaded) => { engine = loaded; });
// slices of 40 ms, so commands are seen promptly; calls of about 10 ms
const loop = new SlicedLoop({
  sliceMs: 40, fastMs: 5, slowMs: 20, turn, failed, lastPanic: () => engine.lastPanic(),
});

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

function buffersOf(batch) {
  return Object.values(batch).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
}

// The samples GF(2) elimination needs to learn the run's target, if it is
// a parity (the analysis and this baseline are worked out here, off the
// page's thread, since both grow with d).
function gf2OrNull(q) {
  try {
    return engine.gf2Samples(q);
  } catch {
    return null;
  }
}

// The run's analysis in words, or {error} when the engine refuses to work
// it out (its work is over a limit); the run itself trains either way.
function statementsOf(r) {
  try {
    return r.statements();
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

function create(q) {
  query = q;
  run = new engine.Run(q);
  post({
    type: 'ready',
    query: run.query(),
    monomials: run.monomials(),
    coefficients: run.coefficients(),
    statements: statementsOf(run),
    gf2: gf2OrNull(q),
  });
  send(run.advance(0), 0);
}

function send(batch, stepsPerSecond) {
  post({
    type: 'points',
    batch,
    summary: run.summary(),
    stepsPerSecond,
    finished: run.isFinished(),
    threads: run.threads(),
    threadsAllowed,
    singleThreadReason,
  }, buffersOf(batch));
}

// Concatenates metric batches (objects of typed arrays) column by column.
function concat(batches) {
  if (batches.length === 1) return batches[0];
  const out = { count: 0, monomials: batches[0].monomials };
  for (const b of batches) out.count += b.count;
  for (const key of Object.keys(batches[0])) {
    if (!ArrayBuffer.isView(batches[0][key])) continue;
    const total = batches.reduce((n, b) => n + b[key].length, 0);
    const joined = new Float64Array(total);
    let at = 0;
    for (const b of batches) { joined.set(b[key], at); at += b[key].length; }
    out[key] = joined;
  }
  return out;
}

function turn() {
  if (!running || !run) return;
  const start = performance.now();
  const before = run.summary().steps;
  const batches = [];
  loop.slice((steps) => batches.push(run.advance(steps)), () => run.isFinished());
  const seconds = (performance.now() - start) / 1000;
  const steps = run.summary().steps - before;
  if (batches.length > 0) send(concat(batches), seconds > 0 ? steps / seconds : 0);
  if (run.isFinished()) {
    running = false;
  } else {
    loop.later();
  }
}

// Guarded work threw: a panic leaves this worker finished (the page starts
// a new one); any other error is reported and the worker goes on.
function failed(message, panicked) {
  running = false;
  if (panicked) {
    post({ type: 'panic', message });
    self.onmessage = null;
  } else {
    post({ type: 'error', message });
  }
}

self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};

// Hands a helper thread's panic port to the page.
function watchHelper(port) {
  self.postMessage({ type: 'helper-port' }, [port]);
}

async function handle(message) {
  if (message.type === 'run') threadsAllowed = await useThreads(engine, message.threads ?? 1, watchHelper);
  if (message.type === 'test-panic-helper') await useThreads(engine, 2, watchHelper);
  loop.guard(() => {
    switch (message.type) {
      case 'create':
        running = false;
        create(message.query);
        break;
      case 'reset':
        running = false;
        create(query);
        break;
      case 'run':
        // a finished run stays as it is; the page starts it over with 'reset'
        if (!running && run && !run.isFinished()) { running = true; turn(); }
        break;
      case 'pause':
        running = false;
        break;
      case 'extend': {
        const withdrawn = run.extend(message.steps);
        post({ type: 'extended', withdrawn, query: run.query(), summary: run.summary(), finished: run.isFinished() });
        break;
      }
      case 'weights':
        post({ type: 'weights', json: run.weightsJson() });
        break;
      case 'step':
        running = false;
        if (!run.isFinished()) send(run.advance(run.evalEvery()), 0);
        break;
      case 'test-panic':
        // only a build with the test-hooks feature has the hook
        if (!engine.testPanic) throw new Error('this build of the engine has no test hooks (build-web.sh --test-hooks)');
        engine.testPanic('a panic forced by a test');
        break;
      case 'test-panic-helper':
        if (!engine.testPanicOnHelper) throw new Error('this build of the engine has no helper threads or no test hooks');
        engine.testPanicOnHelper('a panic forced by a test on a helper thread');
        break;
      default:
        throw new Error(`unknown command ${message.type}`);
    }
  });
}
