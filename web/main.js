// Boot: load the wasm engine and say which version is running.
import init, { version } from './pkg/nnplay_wasm.js';

const status = document.getElementById('status');
try {
  await init();
  status.textContent = `Engine nnplay ${version()} loaded. The playground itself is on its way.`;
} catch (error) {
  status.textContent = `The engine could not load: ${error.message}`;
}
