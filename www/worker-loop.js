// What the page's two workers (worker.js, sweep-worker.js) share: training
// in time slices with a return to the event loop between them, so that
// messages and terminate() are seen promptly; steps per call tuned to the
// time a call takes; and a guard that tells an engine panic from any other
// error.

export class SlicedLoop {
  // sliceMs: work per turn. A call of `advance` quicker than fastMs
  // doubles the steps of the next, one slower than slowMs halves them.
  // turn: the worker's turn, run guarded whenever `later` asks for it.
  // failed(message, panicked): what the worker does when guarded work
  // throws (see `guard`). lastPanic: the engine module's lastPanic (the
  // worker's own module, threaded or not).
  constructor({ sliceMs, fastMs, slowMs, turn, failed, lastPanic }) {
    Object.assign(this, { sliceMs, fastMs, slowMs, failed, lastPanic });
    this.chunk = 16;
    this.tick = new MessageChannel();
    this.tick.port1.onmessage = () => this.guard(turn);
  }

  // Runs `work`. If it throws, calls failed(message, panicked): the
  // engine's own message when it panicked (the trap that follows a panic
  // only says "unreachable"), else the error's.
  guard(work) {
    try {
      work();
    } catch (error) {
      const panic = this.lastPanic();
      this.failed(panic ?? String(error?.message ?? error), panic != null);
    }
  }

  // Calls advance(steps) again and again until the slice's time is up or
  // finished() holds; each call's steps are tuned to the one before.
  slice(advance, finished) {
    const start = performance.now();
    while (performance.now() - start < this.sliceMs && !finished()) {
      const t0 = performance.now();
      advance(this.chunk);
      const took = performance.now() - t0;
      const factor = took < this.fastMs ? 2 : took > this.slowMs ? 0.5 : 1;
      this.chunk = Math.max(1, Math.min(100000, Math.round(this.chunk * factor)));
    }
  }

  // Runs the worker's turn again once the event loop has seen to what is
  // waiting (messages, terminate()).
  later() {
    this.tick.port2.postMessage(null);
  }
}
