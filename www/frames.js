// Drawing on animation frames: a page's many updates (each worker's batch,
// each edit) ask for a draw, and the page draws once per frame at most.

// A function that asks for draw() on a coming animation frame, at most once
// per frame and at most every intervalMs (0: on every frame).
export function frameRequester(draw, intervalMs = 0) {
  let requested = false;
  let last = 0;
  return () => {
    if (requested) return;
    requested = true;
    const frame = () => requestAnimationFrame(() => {
      requested = false;
      last = performance.now();
      draw();
    });
    const wait = last + intervalMs - performance.now();
    if (wait > 0) setTimeout(frame, wait); else frame();
  };
}
