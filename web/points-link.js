// Hand-placed points in a link, compactly. A 4,000-point set written as
// "x,y,label;…" made a 75,000-character address, past what servers accept
// (about 65,500); here each point is three small whole numbers (coordinates
// and label to 0.01) as variable-length bytes in base64url:
//
//   b<base64url of: version 1, count of train points, count of test points,
//     flags (1: every label is whole), then per point zigzag varints of
//     round(x·100), round(y·100) and the label (·100 unless whole)>
//
// about 7 characters a point, so 1,000 points stay under 8 KB and 5,000 fit
// any server. Share goes one step further, `z<base64url of the same bytes,
// deflate-raw compressed>` (CompressionStream), which hand-placed clusters
// shrink well; a page expands it (DecompressionStream) before reading the link.

const VERSION = 1;
const WHOLE_LABELS = 1;

/** `{ train, test }` of `{ x, y, label }` arrays as link text ("b…"). */
export function encodePoints(data) {
  const bytes = [];
  const whole = [data.train, data.test].every((s) => s.label.every((l) => Number.isInteger(l)));
  varint(bytes, VERSION);
  varint(bytes, data.train.x.length);
  varint(bytes, data.test.x.length);
  varint(bytes, whole ? WHOLE_LABELS : 0);
  for (const set of [data.train, data.test]) {
    for (let i = 0; i < set.x.length; i++) {
      varint(bytes, zigzag(Math.round(set.x[i] * 100)));
      varint(bytes, zigzag(Math.round(set.y[i] * 100)));
      varint(bytes, zigzag(whole ? set.label[i] : Math.round(set.label[i] * 100)));
    }
  }
  return `b${toBase64url(Uint8Array.from(bytes))}`;
}

/**
 * Link text back to `{ train, test }`, or `undefined` if it is not a
 * well-formed set of 1 to `max` points. Reads "b…" and the older plain
 * "x,y,label;…|…" that earlier links carry.
 */
export function decodePoints(text, max) {
  const data = text.startsWith('b') ? decodeBytes(fromBase64url(text.slice(1)), max) : decodePlain(text);
  if (!data || data.train.x.length === 0 || data.train.x.length + data.test.x.length > max) return undefined;
  return data;
}

/** The search string with its "b…" points compressed to "z…" when that is
 * shorter (never throws: without the compression format it is unchanged). */
export async function compressLink(search) {
  const params = new URLSearchParams(search);
  const data = params.get('data');
  if (!data?.startsWith('b') || typeof CompressionStream !== 'function') return search;
  const bytes = fromBase64url(data.slice(1));
  if (!bytes) return search;
  let packed;
  try {
    // Older browsers have CompressionStream without 'deflate-raw': the
    // uncompressed form is a good link too.
    packed = await transform(bytes, new CompressionStream('deflate-raw'));
  } catch {
    return search;
  }
  const text = `z${toBase64url(packed)}`;
  if (text.length >= data.length) return search;
  params.set('data', text);
  return `?${params}`;
}

/** The search string with "z…" points expanded to "b…" (unreadable ones are left for the state to refuse). */
export async function expandLink(search) {
  const params = new URLSearchParams(search);
  const data = params.get('data');
  if (!data?.startsWith('z')) return search;
  const bytes = fromBase64url(data.slice(1));
  if (!bytes) return search;
  try {
    // A link carries at most 5,000 points: about 40 kB unpacked. Anything
    // that inflates far beyond is not ours.
    // A browser without DecompressionStream('deflate-raw') (Chromium < 103,
    // Firefox < 113) lands in the catch: the points are refused with the
    // usual notice, the rest of the link is kept.
    const plain = await transform(bytes, new DecompressionStream('deflate-raw'), 200_000);
    params.set('data', `b${toBase64url(plain)}`);
  } catch {
    params.set('data', 'unreadable');
  }
  return `?${params}`;
}

function decodeBytes(bytes, max) {
  if (!bytes) return undefined;
  const reader = { bytes, at: 0 };
  if (readVarint(reader) !== VERSION) return undefined;
  const trainCount = readVarint(reader);
  const testCount = readVarint(reader);
  const flags = readVarint(reader);
  if (trainCount === undefined || testCount === undefined || flags === undefined) return undefined;
  if (trainCount + testCount > max) return undefined;
  const whole = (flags & WHOLE_LABELS) !== 0;
  const read = (count) => {
    const set = { x: [], y: [], label: [] };
    for (let i = 0; i < count; i++) {
      const values = [readVarint(reader), readVarint(reader), readVarint(reader)];
      if (values.includes(undefined)) return undefined;
      const [x, y, label] = values.map(unzigzag);
      set.x.push(x / 100);
      set.y.push(y / 100);
      set.label.push(whole ? label : label / 100);
    }
    return set;
  };
  const train = read(trainCount);
  const test = train && read(testCount);
  if (!test || reader.at !== bytes.length) return undefined;
  return { train, test };
}

function decodePlain(text) {
  const [trainText = '', testText = ''] = text.split('|');
  const part = (t) => {
    const set = { x: [], y: [], label: [] };
    if (t === '') return set;
    for (const item of t.split(';')) {
      const numbers = item.split(',').map(Number);
      if (numbers.length !== 3 || !numbers.every(Number.isFinite)) return undefined;
      set.x.push(numbers[0]);
      set.y.push(numbers[1]);
      set.label.push(numbers[2]);
    }
    return set;
  };
  const train = part(trainText);
  const test = part(testText);
  return train && test ? { train, test } : undefined;
}

function zigzag(n) {
  return n >= 0 ? 2 * n : -2 * n - 1;
}

function unzigzag(n) {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

// Arithmetic, not bit operators: coordinates up to ±1e6 (·100) pass 2³¹.
function varint(out, n) {
  let v = n;
  while (v >= 128) {
    out.push((v % 128) + 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function readVarint(reader) {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (reader.at >= reader.bytes.length) return undefined;
    const b = reader.bytes[reader.at++];
    value += (b % 128) * scale;
    if (b < 128) return value;
    scale *= 128;
  }
  return undefined;
}

function toBase64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** `bytes` through a (de)compression stream, refusing output past `limit` bytes. */
async function transform(bytes, stream, limit = Infinity) {
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const chunks = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
