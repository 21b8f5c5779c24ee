// Files in and out of the page: a download of text or of a canvas, and the
// text of a chosen file. No engine, no state.

/** Offers `content` (text or a Blob) as a download called `name`. */
export function download(name, content, type = 'text/plain') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // After the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers `image` (an ImageData: a canvas drawn in a worker is read there)
 * as a PNG download. */
export function downloadImage(name, image) {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d').putImageData(image, 0, 0);
  canvas.toBlob((blob) => { if (blob) download(name, blob); }, 'image/png');
}

/** The text of the first file chosen in `input`, refusing files over `maxBytes`. */
export async function readChosenFile(input, maxBytes) {
  const file = input.files?.[0];
  if (!file) return null;
  if (file.size > maxBytes) throw new Error(`${file.name} is ${Math.ceil(file.size / 1e6)} MB; at most ${maxBytes / 1e6} MB`);
  return file.text();
}
