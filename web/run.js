// One training run: the `Playground` built from a state, and the changes
// that rebuild it or apply to it live. No DOM, no drawing.

import { DATA_KEYS, plainPoints, pointsInput } from './state.js';
import { moduleKindFor } from './modules.js';

/** A new Playground for `state`; throws the engine's message if refused. */
function build(model, state) {
  const p = new model.module.Playground(model.toConfig(state));
  if (state.data) {
    try {
      p.setPoints(pointsInput(state.data));
    } catch (error) {
      p.free();
      throw error;
    }
  }
  return p;
}

/**
 * `next` with its hidden layers in one form, as a link writes them: a list
 * of dense layers given by `patch` becomes the dense sizes (the form the
 * controls edit), any other list sets the dense sizes back to what the
 * link is written against, dense sizes given replace a list, and a scene
 * in the plane leaves a stack of image layers behind (a convolution reads
 * images).
 */
function oneFormOfLayers(model, next, patch) {
  const list = Array.isArray(next.layers);
  if (list && Array.isArray(patch.layers) && !('hiddenLayers' in patch)) {
    if (next.layers.every((l) => l.kind === 'dense')) {
      const activations = next.layers.map((l) => l.activation ?? next.activation);
      return {
        ...next,
        layers: 'auto',
        hiddenLayers: next.layers.map((l) => l.units),
        layerActivations: activations.every((a) => a === next.activation) ? [] : activations,
      };
    }
    const base = model.baseOf(next);
    return { ...next, hiddenLayers: structuredClone(base.hiddenLayers), layerActivations: structuredClone(base.layerActivations) };
  }
  if (list && ('hiddenLayers' in patch || 'layerActivations' in patch) && !('layers' in patch)) return { ...next, layers: 'auto' };
  const images = list && next.layers.some((l) => l.kind !== 'dense');
  if (images && 'dataset' in patch && moduleKindFor(next.dataset) === 'plane') return { ...next, layers: 'auto' };
  return next;
}

/** Settings that make the scene's data: dropped last when a link's
 * combination is refused, so the learner keeps their data. */
export const DATA_FIRST = new Set(['dataset', 'points', 'noise', 'testRatio', 'dataSeed', 'features', 'normalize', 'data']);

/**
 * The run of `state`, keeping as much of it as the engine accepts: when the
 * combination is refused (a perceptron on three classes), one setting at a
 * time goes back to its default (data last) until the rest is accepted.
 * Returns `{ run, dropped: [{ key, value, reason }] }`; `run.state` is what
 * was kept.
 */
export function createRunKeeping(model, state) {
  try {
    return { run: createRun(model, state), dropped: [] };
  } catch (error) {
    const base = state.preset ? model.lessonState(state.preset) : model.defaults();
    const differing = model.fields
      .filter((f) => !f.view && JSON.stringify(state[f.key]) !== JSON.stringify(base[f.key]))
      .map((f) => f.key)
      .sort((a, b) => Number(DATA_FIRST.has(a)) - Number(DATA_FIRST.has(b)));
    for (const key of differing) {
      try {
        const run = createRun(model, { ...state, [key]: structuredClone(base[key]) });
        return { run, dropped: [{ key, value: state[key], reason: error.message }] };
      } catch {
        // Not this one alone: try the next.
      }
    }
    const run = createRun(model, { ...base, lang: state.lang, embed: state.embed, controls: state.controls });
    return { run, dropped: differing.map((key) => ({ key, value: state[key], reason: error.message })) };
  }
}

/**
 * The run of `state` under the state model `model` (on its wasm module,
 * `model.module`). Throws if the engine
 * refuses `state`. Every method that throws leaves the run as it was.
 */
export function createRun(model, state) {
  let current = state;
  let playground = build(model, state);
  let trainPoints = 0;

  function restarted() {
    trainPoints = playground.points().train.x.length;
  }
  restarted();

  function use(fresh, next) {
    playground.free();
    playground = fresh;
    current = next;
    restarted();
  }

  /**
   * A loss chosen for one task may not fit a new data set's task (binary
   * cross-entropy on three spirals): then the task's own loss is used
   * rather than refusing the data set.
   */
  function buildFor(next, patch) {
    try {
      return [build(model, next), next];
    } catch (error) {
      if (patch.dataset === undefined || next.loss === 'auto') throw error;
      const auto = { ...next, loss: 'auto' };
      return [build(model, auto), auto];
    }
  }

  return {
    get playground() { return playground; },
    get state() { return current; },
    /** Training points, counted when the run (re)started. */
    get trainPoints() { return trainPoints; },

    /** Applies `patch`; returns whether the network was rebuilt. */
    apply(patch) {
      let next = { ...current, ...patch };
      // New data settings mean new generated data: hand-placed points give way.
      if (DATA_KEYS.some((k) => k in patch) && !('data' in patch)) next.data = null;
      next = oneFormOfLayers(model, next, patch);
      const rebuild = Object.keys(patch)
        .some((k) => !model.isLive(k) && JSON.stringify(current[k]) !== JSON.stringify(next[k]));
      if (rebuild) {
        const [fresh, built] = buildFor(next, patch);
        use(fresh, built);
        return true;
      }
      // Live setters: if the second is refused, undo the first, so a refused
      // change leaves the run exactly as it was.
      if (patch.learningRate !== undefined) playground.setLearningRate(next.learningRate);
      if (patch.regularization !== undefined || patch.regularizationRate !== undefined) {
        try {
          playground.setRegularization(next.regularization, next.regularizationRate);
        } catch (error) {
          playground.setLearningRate(current.learningRate);
          throw error;
        }
      }
      current = next;
      return false;
    },

    /** Replaces the whole state (Back/Forward, a new link). */
    replace(state) {
      use(build(model, state), state);
    },

    /**
     * Replaces the run with a model file's (its config, weights and, if they
     * were edited, its points); throws the engine's refusal and changes
     * nothing then. A link cannot carry the weights, only the rest.
     */
    loadModel(text) {
      const fresh = model.module.Playground.fromModel(text);
      let next;
      try {
        const edited = JSON.parse(text).points != null;
        next = model.fromConfig(fresh.config(), current);
        next.data = edited ? plainPoints(fresh.points()) : null;
      } catch (error) {
        fresh.free();
        throw error;
      }
      use(fresh, next);
    },

    /** Back to the same initial weights. */
    reset() {
      playground.reset();
      restarted();
    },

    /** Adds a point at (x, y); throws the engine's refusal. */
    addPoint(x, y, label) {
      playground.addPoint(x, y, label);
      this.dataEdited();
    },

    /** Removes the nearest point within `radius`; returns whether one was. */
    removeNearest(x, y, radius) {
      const removed = playground.removeNearest(x, y, radius);
      if (removed) this.dataEdited();
      return removed;
    },

    /** Replaces every point with those of CSV text; throws the engine's refusal. */
    setPointsCsv(text) {
      playground.setPointsCsv(text);
      this.dataEdited();
    },

    /** Adds an image of the learner's own (the pad's drawing) to the
     * training set; returns the number of training images. A link cannot
     * carry it: the state is unchanged. */
    addImage(pixels, label) {
      if (typeof playground.addImage !== 'function') throw new Error('addImage needs an image scene (dataset digits or digits38)');
      const count = playground.addImage(pixels, label);
      restarted();
      return count;
    },

    /** The data was edited by hand: the state carries the points. */
    dataEdited() {
      restarted();
      current = { ...current, data: plainPoints(playground.points()) };
    },

    free() {
      playground.free();
    },
  };
}
