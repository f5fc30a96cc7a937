// Keeps keyboard focus out from under a sticky bar: when a control takes
// focus where the bar covers it, the page scrolls it just below the bar.

const GAP_PX = 8;

export function keepFocusClearOf(bar) {
  document.addEventListener('focusin', (event) => {
    const target = event.target;
    if (!(target instanceof Element) || bar.contains(target)) return;
    const covered = bar.getBoundingClientRect().bottom - target.getBoundingClientRect().top;
    if (covered > 0 && isScrolledByWindow(target)) scrollBy({ top: -(covered + GAP_PX), behavior: 'instant' });
  });
}

// Whether the window's scroll moves `element` (it is not inside a sticky
// or fixed panel, which the bar does not cover).
function isScrolledByWindow(element) {
  for (let node = element; node; node = node.parentElement) {
    const { position } = getComputedStyle(node);
    if (position === 'sticky' || position === 'fixed') return false;
  }
  return true;
}
