// The page's handle on one training run: a module Web Worker (worker.js)
// driven by messages, and the metric series received from it so far.

import { metricColumns } from './pkg/leaplab.js';

// The per-evaluation metrics a handle keeps, besides the coefficients: the
// engine's column table, read once the module is initialised.
let columns = null;
export function metricNames() {
  columns ??= metricColumns();
  return columns;
}

export class RunHandle extends EventTarget {
  constructor() {
    super();
    this.startWorker();
    this.clear();
  }

  startWorker() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data, event.ports);
    this.worker.onerror = (event) => this.fail(event.message || 'the training worker failed to start');
  }

  // After a panic the worker's engine is unusable: replace the worker and
  // set the run up again from its query, keeping the message for the page.
  recover(message) {
    const query = this.info?.query ?? this.pendingQuery;
    this.worker.terminate();
    this.startWorker();
    if (query) this.create(query);
    this.notice = `The engine stopped with an internal error (${message}). The run was set up again from the start.`;
    this.dispatchEvent(new Event('update'));
  }

  clear() {
    this.info = null;
    this.error = null;
    this.notice = null;
    this.summary = null;
    this.stepsPerSecond = 0;
    this.threads = 1;
    this.threadsAllowed = 1;
    this.singleThreadReason = null;
    this.finished = false;
    this.running = false;
    this.series = Object.fromEntries([...metricNames().map((k) => [k, []]), ['coeffs', []]]);
  }

  create(query) {
    this.clear();
    this.pendingQuery = query;
    this.worker.postMessage({ type: 'create', query });
  }

  // Starts the run, its products on up to `threads` threads.
  run(threads = 1) { this.running = !this.finished; this.worker.postMessage({ type: 'run', threads }); }
  pause() { this.running = false; this.worker.postMessage({ type: 'pause' }); }
  step() { this.running = false; this.worker.postMessage({ type: 'step' }); }

  // Raises the run's budget by `steps` and lets it go on from where it is,
  // to the bits a fresh run with the larger budget gives (Run.extend).
  // Until the worker answers, the run counts as going on.
  extend(steps) {
    this.finished = false;
    this.worker.postMessage({ type: 'extend', steps });
  }

  reset() {
    const query = this.info?.query ?? this.pendingQuery;
    if (query) this.create(query);
  }

  // Drops the run (its fields no longer make one): a fresh worker waits,
  // and nothing of the old run is kept or arrives later.
  discard() {
    this.worker.terminate();
    this.startWorker();
    this.pendingQuery = null;
    this.clear();
  }

  // Whether the run has nothing left to do: finished its steps (learned,
  // out of budget or diverged) or stopped by an error.
  get over() { return this.finished || this.error != null; }

  terminate() { this.worker.terminate(); }

  // The network's current weights as a weights file (JSON text).
  weights() {
    return new Promise((resolve) => {
      this.pendingWeights = resolve;
      this.worker.postMessage({ type: 'weights' });
    });
  }

  fail(message) {
    this.error = message;
    this.running = false;
    this.dispatchEvent(new Event('update'));
  }

  receive(message, ports = []) {
    if (message.type === 'error') return this.fail(message.message);
    if (message.type === 'panic') return this.recover(message.message);
    if (message.type === 'helper-port') {
      // a helper thread's panic leaves the worker stuck: only the helper can say so
      const worker = this.worker;
      ports[0].onmessage = ({ data }) => { if (this.worker === worker) this.recover(data.message); };
      return;
    }
    if (message.type === 'weights') {
      this.pendingWeights?.(message.json);
      this.pendingWeights = null;
      return;
    }
    if (message.type === 'extended') {
      if (message.withdrawn) {
        for (const key of metricNames()) this.series[key].pop();
        for (const c of this.series.coeffs) c.pop();
      }
      this.info = { ...this.info, query: message.query };
      this.summary = message.summary;
      this.finished = message.finished;
      if (this.finished) this.running = false;
      this.dispatchEvent(new Event('update'));
      return;
    }
    if (message.type === 'ready') {
      this.info = message;
      this.series.coeffs = message.monomials.map(() => []);
      this.dispatchEvent(new Event('ready'));
      return;
    }
    // a batch the worker sent before it read the latest 'create' belongs to
    // the run that was replaced (series cleared, no 'ready' yet): drop it
    if (!this.info) return;
    const { batch } = message;
    for (const key of metricNames()) {
      for (const v of batch[key]) this.series[key].push(v);
    }
    const m = batch.monomials;
    for (let i = 0; i < batch.count; i++) {
      for (let k = 0; k < m; k++) this.series.coeffs[k].push(batch.coeffs[i * m + k]);
    }
    this.summary = message.summary;
    this.finished = message.finished;
    if (this.finished) this.running = false;
    if (message.stepsPerSecond > 0) this.stepsPerSecond = message.stepsPerSecond;
    this.threads = message.threads;
    this.threadsAllowed = message.threadsAllowed;
    this.singleThreadReason = message.singleThreadReason;
    this.dispatchEvent(new Event('update'));
  }
}

// The threads a run's products use, in words: "2 threads", or "1 thread"
// with the reason when it could have more.
export function threadsText(handle) {
  if (handle.threads > 1) return `${handle.threads} threads`;
  if (handle.singleThreadReason) return `1 thread (${handle.singleThreadReason})`;
  if (handle.threadsAllowed > 1) return '1 thread (its matrix products are too small to share)';
  return '1 thread';
}

// The threads each of `runs` runs may use: the machine's cores shared
// among them, at least one each (a worker gives fewer where it must:
// threads.js).
export function threadsPerRun(runs) {
  return Math.max(1, Math.floor((navigator.hardwareConcurrency || 1) / Math.max(1, runs)));
}

// Shares the cores again among `handles` while they play (after a run was
// added, edited or removed, or on Continue): every run that is not over
// runs on, its products on its new share of threads.
export function shareCores(handles) {
  const threads = threadsPerRun(handles.length);
  for (const h of handles) if (!h.over) h.run(threads);
}

// Starts or pauses every run. Starting when every run is over starts them
// all again from step 0, the same runs to the bit: the play button then
// reads "Run again" (see playLabel). Running runs share the cores.
export function setRunning(handles, on) {
  const again = on && handles.length > 0 && handles.every((h) => h.over);
  const threads = threadsPerRun(handles.length);
  for (const h of handles) {
    if (again) h.reset();
    if (on) h.run(threads); else h.pause();
  }
}

// Shows on the play button what pressing it does: Pause while playing;
// Run again once every run is over; otherwise Run.
export function showPlay(button, handles, playing) {
  const again = handles.length > 0 && handles.every((h) => h.over);
  button.textContent = playing ? 'Pause' : again ? 'Run again' : 'Run';
  button.title = again && !playing ? 'Start every run again from step 0' : '';
  button.setAttribute('aria-pressed', String(playing));
}

// How many more steps Continue gives every run: as many as the longest
// run has taken (so its budget doubles); 0 unless every run is over and
// some run ended at its budget, and so can go on.
export function continueSteps(handles) {
  const over = handles.length > 0 && handles.every((h) => h.over);
  const canGoOn = handles.some((h) => h.finished && !h.error && h.summary?.diverged_at == null);
  if (!over || !canGoOn) return 0;
  return Math.max(...handles.map((h) => h.summary?.steps ?? 0), 1);
}

// Shows Continue, saying how far, only when continueSteps allows it.
export function showContinue(button, handles) {
  const extra = continueSteps(handles);
  button.hidden = extra === 0;
  button.textContent = `Continue +${extra.toLocaleString('en')} steps`;
  button.title = 'Train every run on from where it stopped, as if its budget had been larger from the start';
}

// A run's own settings with its own budget (if it has one) raised by
// `extra` steps.
export function withMoreSteps(changes, extra) {
  return changes.split('&')
    .map((p) => (p.startsWith('steps=') ? `steps=${Number(p.slice('steps='.length)) + extra}` : p))
    .join('&');
}

// The runs' progress for a counter: "step 3,000" when every run is at the
// same step, else the range "steps 792–3,000".
export function stepCounter(handles) {
  const steps = handles.map((h) => h.summary?.steps ?? 0);
  const low = Math.min(...steps, Infinity);
  const high = Math.max(...steps, 0);
  const text = (n) => n.toLocaleString('en');
  return low === Infinity || low === high ? `step ${text(high)}` : `steps ${text(low)}–${text(high)}`;
}
