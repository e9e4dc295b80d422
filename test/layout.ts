/**
 * Layout checks for browser tests: text a person must read that is cut off. Every text node
 * under a root is measured (its own rectangles, so an ellipsis counts as cut) against each
 * ancestor that clips (overflow other than visible) and against the viewport; a scrolling
 * container only clips sideways (its content can be scrolled into view).
 */
import type { Page } from 'playwright-core';

/** One cut-off text. */
export interface ClippedText {
  text: string;
  /** How many pixels of it are outside the clipping box. */
  by: number;
}

/**
 * The texts under `root` (a selector) cut off by a clipping ancestor or the viewport edge.
 * `viewportY`: whether text below the viewport counts (a wall: yes; a scrolling page: no).
 */
export async function clippedTexts(page: Page, root: string, viewportY = true): Promise<ClippedText[]> {
  return page.evaluate(
    ({ root, viewportY }) => {
      const out: { text: string; by: number }[] = [];
      const start = document.querySelector(root);
      if (!start) return out;
      const walker = document.createTreeWalker(start, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (!text) continue;
        const parent = node.parentElement;
        if (!parent || parent.closest('[aria-hidden="true"], option, select, canvas')) continue;
        const style = getComputedStyle(parent);
        if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
        range.selectNodeContents(node);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (rects.length === 0) continue;
        const box = {
          left: Math.min(...rects.map((r) => r.left)),
          right: Math.max(...rects.map((r) => r.right)),
          top: Math.min(...rects.map((r) => r.top)),
          bottom: Math.max(...rects.map((r) => r.bottom)),
        };
        let by = Math.max(0, -box.left, box.right - innerWidth);
        // Past a container that scrolls vertically, what lies below can be scrolled to.
        let reachableY = !viewportY;
        if (viewportY) by = Math.max(by, box.bottom - innerHeight);
        for (let a: Element | null = parent; a && a !== document.documentElement; a = a.parentElement) {
          const cs = getComputedStyle(a);
          const scrollsY = /auto|scroll/.test(cs.overflowY);
          const clipsX = cs.overflowX !== 'visible';
          const clipsY = cs.overflowY !== 'visible' && !scrollsY && !reachableY;
          if (clipsX || clipsY) {
            const ar = a.getBoundingClientRect();
            if (clipsX) by = Math.max(by, ar.left - box.left, box.right - ar.right);
            if (clipsY) by = Math.max(by, ar.top - box.top, box.bottom - ar.bottom);
          }
          if (scrollsY) reachableY = true;
        }
        // Sub-pixel rounding of scaled canvases is not a cut.
        if (by > 1.5) out.push({ text: text.slice(0, 60), by: Math.round(by) });
      }
      return out;
    },
    { root, viewportY },
  );
}
