// SCORM 1.2: a lesson launched by an LMS (Moodle, Canvas, …) from the
// package `cargo xtask dist` writes reports to it as a tracked SCO.
//
// - LMSInitialize at launch; `cmi.core.lesson_status` goes from "not
//   attempted" to "incomplete";
// - once the learner's own run of the launched lesson reaches the outcome
//   its tests confirm (outcomes.js, measured in the engine), the status is
//   "passed", with `cmi.core.score.raw` where the outcome is an accuracy
//   (in percent); a lesson whose outcome is a demonstration only a test
//   can run (it edits the run) is "completed" once its epochs are trained;
// - `cmi.suspend_data` holds the scene as a link (its settings, seeds and
//   points), so a learner who comes back finds the scene where they left it;
// - LMSFinish when the page goes away.
// Nothing happens outside an LMS: without a SCORM API in a parent window
// (or the opener's), `connectScorm` returns null.

/** SCORM 1.2's limit on `cmi.suspend_data`. */
const SUSPEND_LIMIT = 4096;

/**
 * The LMS's SCORM 1.2 API: `API` on this window's parents (at most 8
 * levels, as the standard's search goes) or the opener's; null if none,
 * or if a parent is another origin's (the LMS serves its SCO from its own).
 */
export function findScormApi(win = globalThis.window) {
  const search = (start) => {
    let w = start;
    for (let level = 0; w && level < 8; level++) {
      try {
        if (w.API && typeof w.API.LMSInitialize === 'function') return w.API;
        if (w.parent === w) return null;
        w = w.parent;
      } catch {
        return null;   // another origin's window
      }
    }
    return null;
  };
  if (!win) return null;
  let opener = null;
  try {
    opener = win.opener;
  } catch {
    opener = null;
  }
  return search(win) ?? (opener ? search(opener) : null);
}

/**
 * Starts a session with the LMS, if the page runs in one: returns
 * `{ resumeLink, track(app, lesson, serialize) }` or null outside an LMS.
 * `resumeLink` is the link saved at the last visit ('' if none).
 */
export function connectScorm(api = findScormApi()) {
  if (!api || String(api.LMSInitialize('')) !== 'true') return null;
  const started = Date.now();
  const get = (key) => String(api.LMSGetValue(key) ?? '');
  const set = (key, value) => api.LMSSetValue(key, String(value));
  let status = get('cmi.core.lesson_status');
  if (status === '' || status === 'not attempted') {
    status = 'incomplete';
    set('cmi.core.lesson_status', status);
  }
  // Coming back resumes the scene.
  set('cmi.core.exit', 'suspend');
  api.LMSCommit('');
  const resumeLink = get('cmi.suspend_data');

  /** The session time as SCORM 1.2 writes it: HHHH:MM:SS. */
  const sessionTime = () => {
    const s = Math.floor((Date.now() - started) / 1000);
    const two = (n) => String(n).padStart(2, '0');
    return `${String(Math.floor(s / 3600)).padStart(4, '0')}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    set('cmi.core.session_time', sessionTime());
    api.LMSCommit('');
    api.LMSFinish('');
  };

  return {
    resumeLink,
    /**
     * Reports the learner's progress in `lesson` (a lesson of lessons.js)
     * through `app` (createApp's player); `serialize(state)` gives a
     * state's link. Returns `{ saved(state), epoch() }`: call `saved` after
     * each accepted change and `epoch` each time the epoch changes.
     */
    track(app, lesson, serialize) {
      let measuring = false;
      const done = () => status === 'passed' || status === 'completed';
      let timer = null;
      const end = () => {
        clearInterval(timer);
        finish();
      };
      globalThis.addEventListener?.('pagehide', end);
      const tracker = {
        saved(state) {
          const link = serialize(state);
          // A link longer than SCORM 1.2 keeps (many hand-placed points) is
          // not saved: the lesson's own scene comes back instead.
          if (link.length <= SUSPEND_LIMIT && !finished) {
            set('cmi.suspend_data', link);
            api.LMSCommit('');
          }
        },
        async epoch() {
          if (!lesson || done() || measuring || finished || app.state.preset !== lesson.name) return;
          measuring = true;
          try {
            const outcome = await app.call('outcome', { lesson: lesson.name });
            if (!outcome.passed || done() || finished) return;
            if (outcome.score !== null) {
              set('cmi.core.score.min', 0);
              set('cmi.core.score.max', 100);
              set('cmi.core.score.raw', outcome.score);
            }
            status = outcome.checked > 0 ? 'passed' : 'completed';
            set('cmi.core.lesson_status', status);
            api.LMSCommit('');
          } catch {
            // A run being replaced refuses the call: the next epoch asks again.
          } finally {
            measuring = false;
          }
        },
        finish: end,
      };
      // Also once a second: a perceptron's last update may end no pass.
      timer = setInterval(() => (done() ? clearInterval(timer) : tracker.epoch()), 1000);
      return tracker;
    },
  };
}
