// The pages the browser benchmark opens, each with the test that says "completely rendered".
// `--pages wall,live` (BENCH_PAGES) chooses them; the first also gets the heap run. Any page with
// BENCH_PAGE_PATH and BENCH_PAGE_READY (a JavaScript function body run in the page).

export const PAGES = {
  /** The first live page (frontend/src/features/wall/LivePage.vue) at `/`. */
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
   * The wall display (frontend/src/features/wall/WallPage.vue, route /wall) held on its overview scene
   * (no rotation): counters, rate gauges, trend, category ring, ranking, overdue list, feed.
   */
  wall: {
    path: '/wall?scenes=overview&rotate=0&scope=410100&period=day',
    description: 'wall display `/wall`, overview scene held (no rotation)',
    // Every counter shows a figure, the socket is connected, every chart canvas of the scene is
    // drawn and the feed holds its items.
    ready: `
      const scene = document.querySelector('[data-testid="scene-overview"]');
      if (!scene) return false;
      const counters = [...scene.querySelectorAll('[data-testid^="counter-"]')];
      if (counters.length === 0 || counters.some((c) => (c.getAttribute('data-value') ?? '') === '')) return false;
      if (document.querySelector('[data-testid="conn-status"]')?.getAttribute('data-state') !== 'connected') return false;
      const canvases = [...scene.querySelectorAll('canvas')];
      if (canvases.length === 0 || canvases.some((c) => c.width === 0)) return false;
      const feed = scene.querySelector('[data-testid="feed"]');
      return !!feed && feed.children.length > 0;
    `,
  },
};

/** The page profile a run uses. */
export function pageProfile(name, env = process.env) {
  const base = PAGES[name];
  if (!base && !env.BENCH_PAGE_PATH)
    throw new Error(`--pages: unknown page ${name} (known: ${Object.keys(PAGES).join(', ')})`);
  return {
    name,
    path: env.BENCH_PAGE_PATH ?? base.path,
    description: env.BENCH_PAGE_PATH ? `custom page ${env.BENCH_PAGE_PATH}` : base.description,
    ready: env.BENCH_PAGE_READY ?? base.ready,
  };
}
