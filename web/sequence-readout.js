// A sequence scene's words on the page's thread: the sentence under the
// unrolled sequence (its truth beside the network's output), and which of
// the views this network and data set have.

import { formatNumber, formatPercent } from './format.js';

/** Shows a snapshot's sequence figures. */
export function showSequenceFigures(parts, snapshot, state, messages) {
  const t = messages.sequences;
  const sines = state.dataset === 'sines';
  parts.forecast.hidden = !sines;
  parts.forecastTitle.hidden = !sines;
  const s = snapshot.sequence;
  // Only a frame that drew the sequence views says what they show.
  if (s === undefined) return;
  // No test sequences (a test share of 0), or no recurrent layer: nothing to unroll.
  const unrolled = Boolean(s?.recurrent);
  parts.unrolled.hidden = !unrolled;
  parts.unrolledHint.hidden = !unrolled;
  parts.previousSequence.hidden = !unrolled;
  parts.nextSequence.hidden = !unrolled;
  if (!s) {
    parts.unrolledNote.textContent = messages.sequences.noTestSequences;
    return;
  }
  parts.timeGradients.hidden = !s.recurrent;
  const text = !s.recurrent ? t.noRecurrent
    : sines ? t.noteSines(s.index, s.count, formatNumber(s.truth), formatNumber(s.output))
      : t.noteMemory(s.index, s.count, s.truth, formatPercent(s.output));
  if (parts.unrolledNote.textContent !== text) parts.unrolledNote.textContent = text;
  const hint = s.recurrent ? t.timeGradientsHint : t.noRecurrent;
  if (parts.timeGradientsHint.textContent !== hint) parts.timeGradientsHint.textContent = hint;
}
