// The confusion matrix and its figures, for the page's module, which has no
// room for the core's (crates/core/src/metrics.rs: the page's module keeps
// within 151,000 bytes of gzip; the images module has `confusion()`). The
// same definitions in the same f32 arithmetic, and the same shape as
// `confusion()`'s answer; tests/images-module.test.mjs holds the two equal.
//
//   precision_k = right_k / predicted_k    recall_k = right_k / actual_k
//   F1_k = 2 · precision_k · recall_k / (precision_k + recall_k)
//   macro averages: every class weighs the same, a missing figure counts 0

const f = Math.fround;
const ratio = (part, whole) => (whole > 0 ? f(part / whole) : null);

/**
 * The confusion matrix of `classes` classes from each sample's true class
 * (`truth[i]`) and predicted class (`predicted[i]`): `{ classes, counts,
 * accuracy, perClass, macro }`, as the images module's `confusion()`.
 */
export function confusionOf(truth, predicted, classes) {
  const counts = new Uint32Array(classes * classes);
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (t < classes && p < classes) counts[t * classes + p] += 1;
  });
  const count = (t, p) => counts[t * classes + p];
  let right = 0;
  let total = 0;
  for (let k = 0; k < classes; k++) right += count(k, k);
  for (const c of counts) total += c;
  const perClass = Array.from({ length: classes }, (_, k) => {
    let actual = 0;
    let called = 0;
    for (let j = 0; j < classes; j++) {
      actual += count(k, j);
      called += count(j, k);
    }
    const precision = ratio(count(k, k), called);
    const recall = ratio(count(k, k), actual);
    let f1 = null;
    if (precision !== null && recall !== null) f1 = f(precision + recall) > 0 ? f(f(f(2 * precision) * recall) / f(precision + recall)) : 0;
    return { support: actual, precision, recall, f1 };
  });
  const mean = (key) => f(perClass.reduce((sum, m) => f(sum + (m[key] ?? 0)), 0) / Math.max(1, classes));
  return { classes, counts, accuracy: ratio(right, total), perClass, macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') } };
}

/** The predicted class of sample `i` from the outputs, `width` values per
 * sample: the classes' probabilities, or one, P(class 1), for two classes. */
export function predictedClass(outputs, i, width) {
  if (width === 1) return outputs[i] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < width; k++) if (outputs[i * width + k] > outputs[i * width + best]) best = k;
  return best;
}
