// SCORM 1.2: a lesson launched by an LMS (Moodle, Canvas, …) from the
// package `cargo xtask dist` writes reports to it as a tracked SCO.

import { lessonScenes } from './lessons.js';
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

/** Commits wait this long for more changes (an LMS may commit with a
 * synchronous request: one per slider step would stall the page). */
const COMMIT_DELAY_MS = 2000;

/**
 * Starts a session with the LMS, if the page runs in one: returns
 * `{ resumeLink, track(app, lesson, serialize) }` or null outside an LMS.
 * `resumeLink` is the link saved at the last visit ('' if none). No call
 * to the LMS can break the page: a call that throws counts as refused.
 */
export function connectScorm(api = findScormApi()) {
  const call = (name, ...args) => {
    try {
      return String(api[name](...args) ?? '');
    } catch {
      return '';
    }
  };
  if (!api || call('LMSInitialize', '') !== 'true') return null;
  const started = Date.now();
  const get = (key) => call('LMSGetValue', key);
  const set = (key, value) => call('LMSSetValue', key, String(value));
  let commitTimer = null;
  const commitSoon = () => {
    commitTimer ??= setTimeout(() => {
      commitTimer = null;
      call('LMSCommit', '');
    }, COMMIT_DELAY_MS);
  };
  // A learner reviewing a lesson they finished changes nothing.
  const review = get('cmi.core.lesson_mode') === 'review';
  let status = get('cmi.core.lesson_status');
  if (!review && (status === '' || status === 'not attempted')) {
    status = 'incomplete';
    set('cmi.core.lesson_status', status);
  }
  // Coming back resumes the scene.
  set('cmi.core.exit', 'suspend');
  call('LMSCommit', '');
  const resumeLink = get('cmi.suspend_data');
  const mastery = get('cmi.student_data.mastery_score');

  /** The session time as SCORM 1.2 writes it: HHHH:MM:SS. */
  const sessionTime = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    const two = (n) => String(n).padStart(2, '0');
    return `${String(Math.floor(seconds / 3600)).padStart(4, '0')}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  };

  let finished = false;
  const stops = [];
  const finish = () => {
    if (finished) return;
    finished = true;
    stops.forEach((stop) => stop());
    clearTimeout(commitTimer);
    set('cmi.core.session_time', sessionTime());
    call('LMSCommit', '');
    call('LMSFinish', '');
  };
  // From the start: a page closed before it is ready still ends its session.
  globalThis.addEventListener?.('pagehide', finish);

  return {
    resumeLink,
    /**
     * Reports the learner's progress in `lesson` (a lesson of lessons.js,
     * or null) through `app` (createApp's player); `serialize(state)` gives
     * a state's link. Returns `{ saved(state), epoch(), finish() }`: call
     * `saved` after each accepted change and `epoch` each time the epoch
     * changes (it is also called once a second).
     */
    track(app, lesson, serialize) {
      let measuring = false;
      // The learner has done something in the lesson (a first visit that
      // only opens it completes nothing).
      let acted = false;
      const done = () => review || status === 'passed' || status === 'completed';
      const inLesson = (state) => Boolean(lesson) && state.preset === lesson.name;
      const scene = lesson ? lessonScenes(lesson)[0] : null;
      const tracker = {
        saved(state) {
          if (finished || !inLesson(state)) return;
          acted = true;
          const link = serialize(state);
          // A link longer than SCORM 1.2 keeps (many hand-placed points):
          // nothing saved, so the lesson's own scene comes back.
          set('cmi.suspend_data', link.length <= SUSPEND_LIMIT ? link : '');
          commitSoon();
        },
        async epoch() {
          if (done() || measuring || finished || !inLesson(app.state)) return;
          // Its own data: a lesson passed on an easier data set is not passed.
          if (scene.dataset !== undefined && app.state.dataset !== scene.dataset) return;
          acted ||= (app.summary?.epoch ?? 0) > 0 || (app.summary?.step ?? 0) > 0;
          if (!acted) return;
          measuring = true;
          try {
            const outcome = await app.call('outcome', { lesson: lesson.name });
            if (!outcome.passed || done() || finished) return;
            // A lesson whose outcome is an accuracy has a score, and is
            // passed (or failed, below the LMS's mastery score); the others
            // show something (often a failure worth seeing): completed.
            if (outcome.score !== null) {
              set('cmi.core.score.min', 0);
              set('cmi.core.score.max', 100);
              set('cmi.core.score.raw', outcome.score);
              status = mastery !== '' && outcome.score < Number(mastery) ? 'failed' : 'passed';
            } else {
              status = 'completed';
            }
            set('cmi.core.lesson_status', status);
            call('LMSCommit', '');
          } catch {
            // A run being replaced refuses the call: the next epoch asks again.
          } finally {
            measuring = false;
          }
        },
        finish,
      };
      // Also once a second: a perceptron's last update may end no pass.
      const timer = setInterval(() => (done() ? clearInterval(timer) : tracker.epoch()), 1000);
      stops.push(() => clearInterval(timer));
      return tracker;
    },
  };
}
