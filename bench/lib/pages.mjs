// The pages the browser benchmark opens, each with the test that says "completely rendered".
// Swap in the wall overview when it lands: `--page wall` (or BENCH_PAGE=wall), or any page with
// BENCH_PAGE_PATH and BENCH_PAGE_READY (a JavaScript function body run in the page).

export const PAGES = {
  /** The first live page (frontend/src/pages/LivePage.vue) at `/`. */
  live: {
    path: '/?scope=410100&period=day',
    description: 'first live page `/` (stat cards, category chart, live feed)',
    // Every stat card shows a figure, the socket is connected, the ECharts canvas is drawn and the
    // feed holds its items.
    ready: `
      const cards = [...document.querySelectorAll('[data-testid^="stat-"][data-value]')];
      if (cards.length === 0 || cards.some((c) => c.getAttribute('data-value') === '')) return false;
      if (document.querySelector('[data-testid="conn-status"]')?.getAttribute('data-state') !== 'connected') return false;
      const canvas = document.querySelector('canvas');
      if (!canvas || canvas.width === 0) return false;
      const feed = document.querySelector('[data-testid="feed"]');
      return !!feed && feed.children.length > 0;
    `,
  },
  /**
   * The wall overview scene (being built: frontend/src/scenes, route /wall). Pending: its path
   * and readiness test are placeholders until the scene lands; adjust them with it.
   */
  wall: {
    path: '/wall?scope=410100&period=day',
    description: 'wall overview scene `/wall` (pending: placeholder readiness test)',
    ready: `
      const root = document.querySelector('[data-testid="wall-overview"]') ?? document.querySelector('[data-scene="overview"]');
      if (!root) return false;
      if (root.querySelectorAll('canvas').length === 0) return false;
      return document.querySelector('[data-testid="conn-status"]')?.getAttribute('data-state') === 'connected';
    `,
  },
};

/** The page profile a run uses. */
export function pageProfile(name, env = process.env) {
  const base = PAGES[name];
  if (!base && !env.BENCH_PAGE_PATH)
    throw new Error(`--page: unknown page ${name} (known: ${Object.keys(PAGES).join(', ')})`);
  return {
    name,
    path: env.BENCH_PAGE_PATH ?? base.path,
    description: env.BENCH_PAGE_PATH ? `custom page ${env.BENCH_PAGE_PATH}` : base.description,
    ready: env.BENCH_PAGE_READY ?? base.ready,
  };
}
