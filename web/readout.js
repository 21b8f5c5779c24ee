// What the player says in words and numbers: the header's figures, the
// coach's findings, the perceptron's note and the notice line. Every number
// goes through format.js; every sentence comes from the messages.

import { el } from './dom.js';
import { formatNumber, formatPercent, formatRatio } from './format.js';

const formatters = { number: formatNumber, percent: formatPercent, ratio: formatRatio };

/** The words of one coach finding (`{ code, …numbers }` from the engine). */
export function findingText(messages, finding) {
  const say = messages.coach.findings[finding.code];
  return say ? say(finding, formatters, messages) : finding.code;
}

export function createReadout(parts, messages) {
  // The coach list is a live region: rewrite it only when its words change,
  // or a screen reader repeats it on every redraw.
  let coachText = null;
  return {
    /** The header's figures for a summary; `speed` in epochs per second. */
    stats(summary, speed) {
      const s = parts.stats;
      const diverged = messages.stats.diverged;
      s.epoch.textContent = String(summary.epoch);
      s.trainLoss.textContent = summary.diverged ? diverged : formatNumber(summary.trainLoss);
      s.testLoss.textContent = summary.diverged && summary.testLoss !== null ? diverged : formatNumber(summary.testLoss);
      s.trainAcc.textContent = formatPercent(summary.trainAccuracy);
      s.testAcc.textContent = formatPercent(summary.testAccuracy);
      s.speed.textContent = String(speed);
      parts.statsList.classList.toggle('diverged', summary.diverged);
    },

    /** The coach's list: one item per finding, or the all-clear. */
    coach(findings) {
      const items = findings.map((f) => [f.code, findingText(messages, f)]);
      const text = JSON.stringify(items);
      if (text === coachText) return;
      coachText = text;
      if (items.length === 0) {
        parts.coach.replaceChildren(el('li', { class: 'ok', text: messages.coach.ok }));
        return;
      }
      parts.coach.replaceChildren(...items.map(([code, words]) => el('li', { 'data-code': code, text: words })));
    },

    /** The perceptron's note: why XOR never settles, convergence, or the rule. */
    perceptron(state, converged) {
      const note = parts.perceptronNote;
      note.hidden = state.mode !== 'perceptron';
      if (note.hidden) return;
      const xor = state.dataset === 'xor' || state.dataset === 'xorTable';
      note.textContent = xor ? messages.perceptron.xor : converged ? messages.perceptron.converged : messages.perceptron.rule;
    },

    notice(text) {
      parts.notice.textContent = text;
      parts.notice.hidden = !text;
    },
  };
}
