// The animation loop and the training budget. The loop asks for a frame on
// each display refresh while playing (once after a change when paused) and
// says which parts are due; the budget trains within a frame's time. The
// page's loop asks the engine (which may be in a worker, still busy with the
// last frame: then it asks again on the next refresh); the budget runs
// where the engine runs (engine-host.js). The cadence lives here, and
// nowhere else.

/** Milliseconds of training a frame may spend at most: the rest is drawing. */
export const FRAME_BUDGET_MS = 6;
/** The least it gets when drawing alone fills the frame: learning goes on. */
export const MIN_FRAME_BUDGET_MS = 2;
/** A frame this many display periods long means the page dropped one. */
const LATE_FRAME = 1.5;
/** One perceptron update every this many milliseconds (÷ epochs per frame). */
export const PERCEPTRON_INTERVAL_MS = 200;
/** While playing, the boundary redraws every frame; the thumbnails, the
 * charts and the diagram's links each every 3rd, on different frames (no
 * frame carries all three); the coach every 30th. When paused: everything. */
const CADENCE = { thumbnails: [3, 0], charts: [3, 1], diagram: [3, 2], coach: [30, 0] };
/** The parts of a frame. */
export const PARTS = Object.keys(CADENCE);

/**
 * `frame(now, playing, due)` makes one frame, where `due(part)` says whether
 * `part` ('thumbnails', 'charts', 'diagram', 'coach') is to be redrawn; it
 * returns false when it could not start one (the engine is still making the
 * last), and is asked again on the next refresh.
 */
export function createLoop({ frame: make }) {
  let playing = false;
  let scheduled = false;
  let waiting = false;
  let stopped = false;
  let frames = 0;
  let handle = 0;

  const due = (part) => !playing || frames % CADENCE[part][0] === CADENCE[part][1];

  function frame(now) {
    scheduled = false;
    if (make(now, playing, due) === false) {
      waiting = true;
    } else {
      waiting = false;
      frames++;
    }
    if (playing || waiting) schedule();
  }

  function schedule() {
    if (!scheduled && !stopped) {
      scheduled = true;
      handle = requestAnimationFrame(frame);
    }
  }

  return {
    play() { playing = true; schedule(); },
    pause() { playing = false; schedule(); },
    get playing() { return playing; },
    /** Draws on the next frame (once), playing or not. */
    redraw: schedule,
    /** Stops for good (the app is being removed). */
    stop() { stopped = true; playing = false; waiting = false; cancelAnimationFrame(handle); scheduled = false; },
  };
}

/**
 * Training within a frame's budget, at most `maxMs` milliseconds a frame.
 * Steps run in chunks whose size comes from the measured cost of a step, so
 * even an epoch longer than a frame (a big network on many points) is spread
 * over several frames instead of freezing the page.
 */
export function createBudget(maxMs = FRAME_BUDGET_MS) {
  let stepMs = 0.05;
  let lastPerceptron = -Infinity;
  let lastFrame = 0;
  // The display's period: the shortest interval seen lately (it creeps up
  // slowly, so a 60, 50 or 30 Hz display — or a throttled iframe — is
  // learnt, and a late frame is one that missed a refresh of *this* display).
  let period = 1000 / 60;
  // The frame comes first: when frames run late (a big network's drawing
  // fills most of each), training gives up time, down to the minimum; when
  // they are on time again, it takes it back slowly.
  let budgetMs = maxMs;
  const epochs = [];

  return {
    restart() { lastPerceptron = -Infinity; lastFrame = 0; },

    /** Runs up to `steps` gradient steps of `playground` within the budget. */
    train(playground, steps, now) {
      const frame = now - lastFrame;
      // A long gap is a pause or a hidden tab, not a slow frame.
      if (lastFrame > 0 && frame < 200) {
        // No display refreshes faster than 250 Hz: shorter gaps are noise.
        if (frame >= 4) period = Math.min(frame, period * 1.01);
        budgetMs = frame > LATE_FRAME * period
          ? Math.max(MIN_FRAME_BUDGET_MS, budgetMs * 0.7)
          : Math.min(maxMs, budgetMs + 0.05);
      }
      lastFrame = now;
      return this.trainFor(playground, steps, budgetMs).summary;
    },

    /** Runs up to `steps` gradient steps within `ms` milliseconds, whatever
     * the frames (a worker trains between them); returns the summary and
     * the steps taken. */
    trainFor(playground, steps, ms) {
      const start = performance.now();
      const before = playground.summary().epoch;
      let left = steps;
      while (left > 0) {
        const chunk = Math.max(1, Math.min(left, Math.floor(ms / stepMs)));
        const t = performance.now();
        const summary = playground.trainStep(chunk);
        stepMs = 0.8 * stepMs + 0.2 * Math.max((performance.now() - t) / chunk, 0.001);
        left -= chunk;
        if (summary.diverged || performance.now() - start > ms) break;
      }
      const summary = playground.summary();
      epochs.push([performance.now(), summary.epoch - before]);
      return { summary, steps: steps - left };
    },

    /** True when the next perceptron update is due (a few per second). */
    perceptronDue(now, speed) {
      if (now - lastPerceptron < PERCEPTRON_INTERVAL_MS / speed) return false;
      lastPerceptron = now;
      return true;
    },

    epochsPerSecond() {
      const now = performance.now();
      while (epochs.length && now - epochs[0][0] > 1000) epochs.shift();
      return epochs.reduce((sum, [, n]) => sum + n, 0);
    },
  };
}
