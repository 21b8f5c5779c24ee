// The animation loop: the only place that both trains and draws. Each frame
// trains within a time budget, then draws once; when paused, a change
// schedules a single redraw.

/** `work(now)` trains (called only while playing); `draw()` paints. */
export function createLoop({ work, draw }) {
  let playing = false;
  let scheduled = false;

  function frame(now) {
    scheduled = false;
    if (playing) work(now);
    draw();
    if (playing) schedule();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  }

  return {
    play() { playing = true; schedule(); },
    pause() { playing = false; schedule(); },
    get playing() { return playing; },
    /** Draws on the next frame (once), playing or not. */
    redraw: schedule,
  };
}
