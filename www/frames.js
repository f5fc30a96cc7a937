// Drawing on animation frames: a page's many updates (each worker's batch,
// each edit) ask for a draw, and the page draws once per frame at most.
// A draw may come in phases, one per frame, so that no single task of the
// page's thread does all of it (each plot's canvas and the text are laid
// out and painted apart).

// A function that asks for a draw on coming animation frames, at most
// every intervalMs (0: on every frame). `draw` is one function, or an
// array of them run on successive frames. A request made while a draw is
// under way brings another draw after it, so the last update is drawn.
export function frameRequester(draw, intervalMs = 0) {
  const phases = [draw].flat();
  let busy = false;     // a draw is waiting for its time or under way
  let again = false;    // and another was asked for meanwhile
  let last = 0;
  const start = () => { last = performance.now(); run(0); };
  const schedule = () => {
    busy = true;
    const wait = last + intervalMs - performance.now();
    if (wait > 0) setTimeout(start, wait); else start();
  };
  const run = (i) => requestAnimationFrame(() => {
    phases[i]();
    if (i + 1 < phases.length) { run(i + 1); return; }
    busy = false;
    if (again) { again = false; schedule(); }
  });
  return () => {
    if (busy) { again = true; return; }
    schedule();
  };
}
