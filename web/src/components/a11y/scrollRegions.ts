/**
 * A table wider than its box scrolls sideways; a keyboard user can scroll it only if the scrolling
 * box takes the focus (WCAG 2.1.1, axe "scrollable-region-focusable"). antd's tables do not, so
 * every such box on every face gets tabindex=0 and a name, once it overflows. One observer for the
 * whole document, at most once per frame.
 */
const SELECTOR = '.ant-table-content, .ant-table-body';

export function keepScrollRegionsFocusable(label: () => string): void {
  if (typeof MutationObserver === 'undefined') return;
  let queued = false;
  const mark = () => {
    queued = false;
    for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) {
      const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (overflows && !el.hasAttribute('tabindex')) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label());
      }
    }
  };
  new MutationObserver(() => {
    if (!queued) { queued = true; requestAnimationFrame(mark); }
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener('resize', () => requestAnimationFrame(mark));
}
