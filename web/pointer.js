// Editing points with a pointer on the boundary canvas: a click or a tap
// adds a point (shift: the other class), a right-click or a long press
// removes the nearest one. A gesture the browser takes over (a scroll, a
// zoom) does neither. Knows nothing of the engine: it reports positions as
// fractions of the canvas, (0, 0) top left.

const LONG_PRESS_MS = 550;
const MOVE_TOLERANCE_PX = 8;

/** Calls `add(fx, fy, other)` and `remove(fx, fy)`; returns a `detach()`. */
export function attachPointer(canvas, { add, remove }) {
  let press = null;
  let longPressAt = -Infinity;

  const at = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  };
  const cancel = () => {
    if (press) clearTimeout(press.timer);
    press = null;
  };

  const listeners = {
    pointerdown(event) {
      // A second finger makes it a pinch or a zoom: neither add nor remove.
      if (!event.isPrimary) {
        cancel();
        return;
      }
      if (event.button !== 0) return;
      press = {
        event,
        timer: setTimeout(() => {
          remove(...at(event));
          longPressAt = performance.now();
          press = null;
        }, LONG_PRESS_MS),
      };
    },
    pointermove(event) {
      if (press && Math.hypot(event.clientX - press.event.clientX, event.clientY - press.event.clientY) > MOVE_TOLERANCE_PX) cancel();
    },
    pointercancel: cancel,
    pointerup(event) {
      if (!press) return;
      cancel();
      add(...at(event), event.shiftKey);
    },
    contextmenu(event) {
      event.preventDefault();
      // A touch long press also opens the context menu: it already removed a point.
      if (performance.now() - longPressAt > 1000) remove(...at(event));
    },
  };
  for (const [name, fn] of Object.entries(listeners)) canvas.addEventListener(name, fn);
  return () => {
    cancel();
    for (const [name, fn] of Object.entries(listeners)) canvas.removeEventListener(name, fn);
  };
}
