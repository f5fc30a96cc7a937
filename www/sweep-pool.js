// A pool of Web Workers (sweep-worker.js), one per core, that works through
// a queue of run indices of one sweep. Events: 'result' {index, line},
// 'failure' {index, message}, 'finished'. cancel() terminates every worker
// at once; nothing is reported after it.

export class SweepPool extends EventTarget {
  constructor(size = navigator.hardwareConcurrency || 1) {
    super();
    this.size = Math.max(1, Math.floor(size));
    this.workers = [];
    this.queue = [];
    this.generation = 0;
  }

  get running() {
    return this.workers.length > 0;
  }

  // Runs the runs `indices` of sweep `spec`, in order, on up to `size`
  // workers at a time.
  start(spec, indices) {
    this.cancel();
    this.spec = spec;
    this.queue = [...indices];
    const generation = this.generation;
    const count = Math.min(this.size, this.queue.length);
    for (let i = 0; i < count; i++) this.spawn(generation);
    if (count === 0) this.dispatchEvent(new Event('finished'));
  }

  // Stops every worker now; runs in progress are lost, finished ones kept
  // by whoever listened to 'result'.
  cancel() {
    this.generation += 1;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.queue = [];
  }

  spawn(generation) {
    const worker = new Worker(new URL('./sweep-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => this.receive(worker, generation, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.receive(worker, generation, { type: 'failed', index: worker.index, message: event.message || 'the sweep worker failed to start' });
    };
    this.workers.push(worker);
    this.feed(worker);
  }

  feed(worker) {
    if (this.queue.length === 0) {
      worker.terminate();
      this.workers = this.workers.filter((w) => w !== worker);
      if (this.workers.length === 0) this.dispatchEvent(new Event('finished'));
      return;
    }
    worker.index = this.queue.shift();
    worker.postMessage({ spec: this.spec, index: worker.index });
  }

  receive(worker, generation, message) {
    if (generation !== this.generation) return;
    if (message.type === 'done') {
      this.dispatchEvent(new CustomEvent('result', { detail: { index: message.index, line: message.line } }));
      this.feed(worker);
      return;
    }
    this.dispatchEvent(new CustomEvent('failure', { detail: { index: message.index, message: message.message } }));
    // a failed instance is not reused: a fresh worker takes its place
    worker.terminate();
    this.workers = this.workers.filter((w) => w !== worker);
    if (this.queue.length > 0) this.spawn(generation);
    else if (this.workers.length === 0) this.dispatchEvent(new Event('finished'));
  }
}
