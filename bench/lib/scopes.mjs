// Which rooms the bench's clients subscribe to: a spread over every level of the area tree.
import { world } from './world.mjs';

/** Every k-th element so the picks spread over the whole list. */
function spreadPick(list, n) {
  if (list.length <= n) return list;
  const out = [];
  for (let i = 0; i < n; i++) out.push(list[Math.floor((i * list.length) / n)]);
  return out;
}

/** About 200 rooms over the levels, with the share of clients each level gets. */
export function roomGroups() {
  const { tree } = world();
  const city = tree.root.code;
  return [
    {
      level: 'city',
      share: 0.1,
      rooms: ['day', 'week', 'month', 'quarter', 'year'].map((period) => ({ scope: city, period })),
    },
    {
      level: 'district',
      share: 0.3,
      rooms: tree.ofLevel('district').flatMap((d) => [
        { scope: d.code, period: 'day' },
        { scope: d.code, period: 'week' },
      ]),
    },
    {
      level: 'township',
      share: 0.3,
      rooms: spreadPick(tree.ofLevel('township'), 40).map((n) => ({ scope: n.code, period: 'day' })),
    },
    {
      level: 'village',
      share: 0.2,
      rooms: spreadPick(tree.ofLevel('village'), 80).map((n) => ({ scope: n.code, period: 'day' })),
    },
    {
      level: 'cell',
      share: 0.1,
      rooms: spreadPick(tree.ofLevel('cell'), 40).map((n) => ({ scope: n.code, period: 'day' })),
    },
  ];
}

/** `n` subscriptions: each level gets its share of clients, round-robin over its rooms. */
export function subscriptionsFor(n) {
  const groups = roomGroups();
  const out = [];
  for (const g of groups) {
    const k = Math.round(n * g.share);
    for (let i = 0; i < k; i++) out.push(g.rooms[i % g.rooms.length]);
  }
  while (out.length < n) out.push(groups[0].rooms[0]);
  out.length = n;
  // Interleave levels so every client process gets a mix.
  return out
    .map((s, i) => ({ s, k: (i * 7919) % n }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.s);
}

/** Number of distinct rooms among subscriptions. */
export function roomCount(subs) {
  return new Set(subs.map((s) => `${s.scope}|${s.period}`)).size;
}
