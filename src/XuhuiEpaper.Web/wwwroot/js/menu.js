// A disclosure menu: a button with aria-expanded that shows a short list of actions. A click or Enter/Space on the
// button opens it (from the keyboard the first item takes focus); ArrowUp/ArrowDown/Home/End move between the items;
// Escape closes it and gives focus back to the button; a click elsewhere or Tab out of it closes it too.

export function setupMenu(button, menu) {
  const wrap = button.parentElement;
  const items = () => [...menu.querySelectorAll('a[href], button, select, input')].filter((e) => !e.hidden && !e.disabled);
  const isOpen = () => !menu.hidden;

  function open(focusFirst) {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (focusFirst) items()[0]?.focus();
  }
  function close(focusButton) {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focusButton) button.focus();
  }
  function move(delta) {
    const list = items();
    if (!list.length) return;
    const i = list.indexOf(document.activeElement);
    const next = delta === Infinity ? list.length - 1 : delta === -Infinity ? 0 : (i + delta + list.length) % list.length;
    list[next].focus();
  }

  // detail 0: the click came from the keyboard (Enter or Space), so focus goes into the menu.
  button.addEventListener('click', (e) => (isOpen() ? close(false) : open(e.detail === 0)));
  wrap.addEventListener('keydown', (e) => {
    const keys = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (e.key === 'Escape' && isOpen()) {
      close(true);
    } else if (e.key in keys && (isOpen() || e.target === button)) {
      if (!isOpen()) open(false);
      move(e.target === button && e.key === 'ArrowUp' ? Infinity : e.target === button ? -Infinity : keys[e.key]);
    } else {
      return;
    }

    e.preventDefault();
    e.stopPropagation(); // the reader's own keys (Escape closes panels, arrows turn pages) stay out of it
  });
  wrap.addEventListener('focusout', (e) => { if (e.relatedTarget && !wrap.contains(e.relatedTarget)) close(false); });
  menu.addEventListener('click', (e) => { if (e.target.closest('a[href], button')) close(false); });
  document.addEventListener('click', (e) => { if (!wrap.contains(e.target)) close(false); });
  return { open, close, isOpen };
}
