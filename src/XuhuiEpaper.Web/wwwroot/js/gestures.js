// Pointer gestures on the page viewport: drag pans when zoomed, two fingers pinch, a horizontal swipe
// turns the page only when not zoomed and never during or right after a pinch; double-click zooms.

export function attachGestures(target, h) {
  const pts = new Map();
  let start = null; // first pointer's start
  let pinch = null; // { d, z }
  let pinched = false; // a pinch happened in this gesture: no swipe until every finger is up
  let moved = false;
  let lastTap = 0;

  const rel = (e) => { const b = target.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; };
  const dist = () => { const [a, b] = [...pts.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
  const mid = () => { const [a, b] = [...pts.values()]; return rel({ clientX: (a.x + b.x) / 2, clientY: (a.y + b.y) / 2 }); };

  target.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    pts.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pts.size === 1) { start = { x: e.clientX, y: e.clientY, t: performance.now() }; moved = false; pinched = false; }
    if (pts.size === 2) { pinch = { d: dist(), z: h.zoom() }; pinched = true; }
  });

  target.addEventListener('pointermove', (e) => {
    const p = pts.get(e.pointerId);
    if (!p) return;
    const dx = e.clientX - p.x, dy = e.clientY - p.y;
    p.x = e.clientX; p.y = e.clientY;
    if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > 6) {
      if (!moved) { moved = true; try { target.setPointerCapture(e.pointerId); } catch { /* gone */ } }
    }
    if (pts.size === 2 && pinch) {
      const [cx, cy] = mid();
      h.zoomAt(pinch.z * (dist() / pinch.d), cx, cy);
    } else if (pts.size === 1 && h.zoom() > 1 && moved) {
      h.pan(dx, dy);
    }
  });

  const end = (e) => {
    if (!pts.has(e.pointerId)) return;
    pts.delete(e.pointerId);
    if (pts.size < 2) pinch = null;
    if (pts.size > 0 || !start) return;
    const dx = e.clientX - start.x, dy = e.clientY - start.y;
    const fast = performance.now() - start.t < 1500;
    if (e.type === 'pointerup' && !pinched && h.zoom() <= 1 && fast && Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) {
      h.swipe(dx < 0 ? 1 : -1);
    } else if (e.type === 'pointerup' && !moved && e.pointerType !== 'mouse') {
      const now = performance.now();
      if (now - lastTap < 300) { const [x, y] = rel(e); h.doubleTap(x, y); lastTap = 0; } else lastTap = now;
    }
    start = null;
  };
  target.addEventListener('pointerup', end);
  target.addEventListener('pointercancel', end);

  // A drag or pinch is not a click on a region.
  target.addEventListener('click', (e) => {
    if (moved || pinched) { e.preventDefault(); e.stopPropagation(); moved = false; pinched = false; }
  }, true);

  target.addEventListener('dblclick', (e) => {
    e.preventDefault();
    if (e.target.closest?.('.edge')) return;
    const [x, y] = rel(e);
    h.doubleTap(x, y);
  });

  target.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && h.zoom() <= 1) return;
    e.preventDefault();
    if (e.ctrlKey) { const [x, y] = rel(e); h.zoomAt(h.zoom() * Math.exp(-e.deltaY / 300), x, y); } else h.pan(-e.deltaX, -e.deltaY);
  }, { passive: false });
}
