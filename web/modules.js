// The two builds of the wasm module and which one a scene needs.
//
// `web/pkg/` is the page's module: every scene in the plane, within the
// page's size budget. `web/pkg-images/` is the same crate with its image
// layers, the digits and the confusion matrix, and its recurrent layers and
// sequences: 31 KB more of gzip, paid only by a player that opens an image
// or a sequence scene. It runs every scene of the
// plane too, to the same bits, so a player that has loaded it keeps it.
//
// The digits themselves are not in either module: an image module is handed
// `web/data/digits.u8.gz`, fetched as a static asset and unzipped here.

import * as plane from './pkg/nnplay_wasm.js';
import { IMAGE_DATASETS, SEQUENCE_DATASETS, lessonNamed, lessonScenes, sceneKind } from './lessons.js';

/** The data sets of images, and of sequences: only the images module has them. */
export { IMAGE_DATASETS, SEQUENCE_DATASETS };

/** Which module a data set needs: 'images' (image and sequence scenes) or 'plane'. */
export const moduleKindFor = (dataset) => (sceneKind(dataset) === 'plane' ? 'plane' : 'images');

/** The kind of an initialised module namespace. */
export const kindOf = (module) => (typeof module?.loadDigits === 'function' ? 'images' : 'plane');

/** Which module a link (`?dataset=digits`, `?preset=convolution`) needs. */
export function moduleKindOfLink(search) {
  const params = new URLSearchParams(search);
  const lesson = lessonNamed(params.get('preset'));
  const dataset = params.get('dataset') ?? (lesson ? lessonScenes(lesson)[0].dataset : null);
  return moduleKindFor(dataset);
}

/** The digits file's bytes, unzipped (as `loadDigits` takes them). */
export async function digitsBytes() {
  let bytes = provided.digits?.();
  if (!bytes) {
    const response = await fetch(beside('./data/digits.u8.gz'));
    if (!response.ok) throw new Error(`nnplay could not load the digits (${response.status} ${response.url})`);
    // Read whole first: a response body piped straight into the
    // decompressor is cancelled as the gzip stream ends, and Chromium
    // reports the request as aborted.
    bytes = await response.arrayBuffer();
  }
  const unzipped = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(unzipped).arrayBuffer());
}

/** The files a page without a server hands over (the standalone file inlines
 * them): `{ imagesWasm(), digits() }`, each giving its bytes. */
let provided = {};

/** Hands over the images module's wasm and the zipped digits as bytes,
 * instead of fetching them from beside this file (the standalone file). */
export function provide(files) {
  provided = files;
}

/** `path` beside this module; undefined where this module has no address
 * to resolve it from (a `data:` URL in the standalone file). */
function beside(path) {
  try {
    return new URL(path, import.meta.url);
  } catch {
    return undefined;
  }
}

const loading = {};

/**
 * The module of `kind`, initialised (an image module with the digits
 * loaded), once per thread: `{ module, exports }`, where `module` is the
 * namespace (`Playground`, `schema`, …) and `exports` the instance's own.
 */
export function loadModule(kind) {
  loading[kind] ??= (async () => {
    if (kind !== 'images') {
      // (Started already where a boot script started it from its bytes.)
      const path = beside('./pkg/nnplay_wasm_bg.wasm');
      return { module: plane, exports: await plane.default(path ? { module_or_path: path } : undefined) };
    }
    const [module, bytes] = await Promise.all([import('./pkg-images/nnplay_wasm.js'), digitsBytes()]);
    const exports = await module.default({ module_or_path: provided.imagesWasm?.() ?? beside('./pkg-images/nnplay_wasm_bg.wasm') });
    module.loadDigits(bytes);
    return { module, exports };
  })();
  // A failed load (the network) is tried again the next time it is asked for.
  const attempt = loading[kind];
  attempt.catch(() => { if (loading[kind] === attempt) delete loading[kind]; });
  return attempt;
}
