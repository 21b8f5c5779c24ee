// The engine's module worker: an instance of the wasm module of its own and
// engine-host.js answering the page (see engine.js for the page's side).
// Its address says which build: `engine-worker.js?module=images` loads the
// images module and the digits (modules.js); otherwise the page's module.
//
// The wasm module checks a canvas by the names a page gives its classes
// (`HTMLCanvasElement`, and plotters-canvas `CanvasRenderingContext2D`);
// here the canvases are OffscreenCanvases, whose methods the drawing calls
// are the same, so this worker gives their classes those names too.

import { loadModule } from './modules.js';
import { createEngineHost } from './engine-host.js';

globalThis.HTMLCanvasElement ??= globalThis.OffscreenCanvas;
globalThis.CanvasRenderingContext2D ??= globalThis.OffscreenCanvasRenderingContext2D;


let host = null;
const waiting = [];

self.addEventListener('message', (event) => {
  if (host) host.handle(event.data);
  else waiting.push(event.data);
});

try {
  const kind = new URL(self.location.href).searchParams.get('module') === 'images' ? 'images' : 'plane';
  const { module: wasm, exports } = await loadModule(kind);
  host = createEngineHost(wasm, (message, transfer) => self.postMessage(message, transfer ?? []), { continuous: true, exports });
  self.postMessage({ type: 'ready' });
  for (const message of waiting.splice(0)) host.handle(message);
} catch (error) {
  self.postMessage({ type: 'failed', error: String(error?.message ?? error) });
}
