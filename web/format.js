// Numbers as a learner reads them: a few significant digits, scientific
// notation only where a number is huge or tiny, a dash where there is none.
// No DOM, no engine.

/** `v` with about three significant digits: 0.693, 12.3, 1234, 1.5e29; '–' for none. */
export function formatNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e5 || a < 1e-4) return v.toExponential(1).replace('e+', 'e');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return String(Number(v.toFixed(2)));
  return String(Number(v.toPrecision(3)));
}

/** A share 0…1 as a percentage with one decimal: '97.5 %'; '–' for none. */
export function formatPercent(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(1)} %`;
}

/** A ratio such as a gradient ratio: '3e-5', '0.02'. */
export function formatRatio(v) {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-2 || a >= 1e4)) return v.toExponential(0).replace('e+', 'e');
  return formatNumber(v);
}

/** The line a·x₁ + b·x₂ + c = 0 written with its signs: '1.5·x₁ − 2·x₂ + 0.25 = 0'. */
export function formatLine(a, b, c) {
  const terms = [[a, '·x₁'], [b, '·x₂'], [c, '']];
  let text = '';
  for (const [v, name] of terms) {
    const size = formatNumber(Math.abs(v));
    if (text === '') text = `${v < 0 ? '−' : ''}${size}${name}`;
    else text += ` ${v < 0 ? '−' : '+'} ${size}${name}`;
  }
  return `${text} = 0`;
}
