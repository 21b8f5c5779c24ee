// The page's side of the engine (engine-host.js): it starts the engine in a
// module worker, or on this thread where a worker cannot start (a host's
// Content-Security-Policy without `worker-src 'self'`, no OffscreenCanvas),
// and gives both the same interface: calls answered by promises, in the
// order they were made, and one snapshot per frame asked for.

import { kindOf, loadModule } from './modules.js';
import { createEngineHost } from './engine-host.js';
import { FRAME_BUDGET_MS } from './loop.js';

/** How long a worker may take to load before the page runs the engine itself. */
const WORKER_START_MS = 15_000;

/** True where the engine can draw from a worker. */
function workerCanDraw() {
  return typeof Worker === 'function' && typeof OffscreenCanvas === 'function'
    && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}

/** A worker running engine-worker.js on the module of `kind`, once it said
 * it is ready; null if it could not start. */
function startWorker(kind) {
  return new Promise((resolve) => {
    let worker;
    try {
      const url = new URL('./engine-worker.js', import.meta.url);
      if (kind === 'images') url.search = '?module=images';
      worker = new Worker(url, { type: 'module', name: 'nnplay engine' });
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => fail(), WORKER_START_MS);
    function fail() {
      clearTimeout(timer);
      worker.terminate();
      resolve(null);
    }
    worker.addEventListener('error', fail, { once: true });
    worker.addEventListener('message', function first(event) {
      worker.removeEventListener('message', first);
      worker.removeEventListener('error', fail);
      clearTimeout(timer);
      if (event.data?.type === 'ready') resolve(worker);
      else fail();
    });
  });
}

/**
 * Starts an engine. Options: `module` (the wasm module namespace the page
 * uses, initialised on this thread: the engine runs the same build, see
 * modules.js), `worker` (false: on this thread), `onSnapshot` (each frame's
 * numbers). Resolves to `{ kind: 'worker' | 'page', module: 'plane' |
 * 'images', state, info, call(op, args), frame(request), pause(),
 * attachCanvases(…), attachThumbnails(…), view(…), stop() }`.
 */
export async function startEngine({ module: wasm, worker: wanted = true, onSnapshot = () => {} } = {}) {
  const pending = new Map();
  let next = 1;
  let inFlight = false;
  let stopped = false;
  const engine = { kind: 'page', module: kindOf(wasm), state: null, info: null };

  function receive(message) {
    if (stopped) return;
    if (message.type === 'reply') {
      const entry = pending.get(message.id);
      pending.delete(message.id);
      if (message.state) engine.state = message.state;
      if (message.info) engine.info = message.info;
      if (!entry) return;
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(message.error));
    } else if (message.type === 'snapshot') {
      inFlight = false;
      onSnapshot(message);
    }
  }

  /** Every call still waiting is refused (the engine stopped or crashed). */
  function refuseAll(why) {
    for (const { reject } of pending.values()) reject(new Error(why));
    pending.clear();
  }

  const worker = wanted && workerCanDraw() ? await startWorker(engine.module) : null;
  let send;
  if (worker) {
    engine.kind = 'worker';
    worker.addEventListener('message', (event) => receive(event.data));
    // A worker that fails after starting (out of memory, a bug) answers
    // nothing more: say so to every call waiting, and to the next ones.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      stopped = true;
      refuseAll(`the engine stopped: ${event.message || 'its worker failed'}`);
    });
    send = (message, transfer = []) => worker.postMessage(message, transfer);
  } else {
    // The same engine on this thread: its answers still arrive a moment
    // later, as a worker's would, and a call's arguments are copied as
    // postMessage would copy them, so nothing depends on which one runs.
    // (The module is initialised on this thread already: this only hands back its exports.)
    const { module: loaded, exports } = await loadModule(engine.module);
    const host = createEngineHost(loaded, (message) => queueMicrotask(() => receive(message)), { budget: FRAME_BUDGET_MS, exports });
    send = (message) => host.handle(message.type === 'call' ? { ...message, args: structuredClone(message.args) } : message);
    engine.free = () => host.free();
  }

  Object.assign(engine, {
    /** Sends a call; resolves to its value, or rejects with the engine's refusal. */
    call(op, args = {}) {
      if (stopped) return Promise.reject(new Error('the engine was stopped'));
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          send({ type: 'call', id, op, args });
        } catch (error) {
          // Arguments that cannot be copied (a function, a getter that throws).
          pending.delete(id);
          reject(error instanceof Error ? error : new Error('the call\'s arguments could not be sent'));
        }
      });
    },
    /** Stops training now, not at the next frame (Pause, Step, Reset). */
    pause() {
      if (!stopped) send({ type: 'pause' });
    },
    /** Asks for a frame (`{ now, playing, due, hovered, dpr, sizes }`: see
     * engine-host.js) unless one is still being made; returns whether it asked. */
    frame(request) {
      if (inFlight || stopped) return false;
      inFlight = true;
      send({ type: 'frame', ...request });
      return true;
    },
    /** Hands over where to draw, by name (`boundary`, `loss`, `gradients`,
     * and for image scenes `predictions`, `confusion`, `filters`): in a
     * worker, each canvas's control moves there for good (an
     * OffscreenCanvas), so a canvas is given once. */
    attachCanvases(named) {
      const canvases = Object.fromEntries(Object.entries(named).filter(([, c]) => c));
      if (engine.kind === 'worker') {
        for (const name of Object.keys(canvases)) canvases[name] = canvases[name].transferControlToOffscreen();
        send({ type: 'canvases', canvases, offscreen: true }, Object.values(canvases));
      } else {
        send({ type: 'canvases', canvases, offscreen: false });
      }
    },
    /** The hidden neurons' canvases, in order (given again when they change). */
    attachThumbnails(canvases) {
      if (engine.kind === 'worker') {
        const offscreen = canvases.map((c) => c.transferControlToOffscreen());
        send({ type: 'thumbnails', canvases: offscreen }, offscreen);
      } else {
        send({ type: 'thumbnails', canvases });
      }
    },
    /** The charts' words (and, outside a frame, the canvases' sizes). */
    view(message) {
      send({ type: 'view', ...message });
    },
    stop() {
      stopped = true;
      refuseAll('the engine was stopped');
      if (worker) worker.terminate();
      else engine.free();
    },
  });
  return engine;
}
