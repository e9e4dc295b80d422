/**
 * What a room's next patch carries: the parts of the room that differ from what it was last
 * sent. Pure: no timers, no sockets, unit-tested on its own.
 */
import type { Snapshot, StatsView } from '@gridwall/shared';

/** The parts of a snapshot that patches carry when they change. */
export const PART_NAMES = ['stats', 'categories', 'trend', 'overdue', 'rankings', 'hotspots', 'alerts'] as const;
/** One part of a room. */
export type PartName = (typeof PART_NAMES)[number];
/** Every part of a room. */
export type RoomParts = Pick<Snapshot, PartName>;

/** The outcome of {@link diffRoom}. */
export interface RoomDiff {
  /** The parts to send, or null when none changed. */
  patch: Partial<RoomParts> | null;
  /** What the room has been sent once the patch is out (held parts as they were). */
  last: Partial<RoomParts>;
  /** Parts that changed but were held back: the room must be looked at again. */
  held: PartName[];
}

/**
 * Compares a room's freshly computed parts with those it was last sent. `stats.asOf` is not a
 * change (it moves with every computation). Parts named in `hold` are not sent now even when
 * changed (a large ranking waits for its gap) and are reported in `held`.
 */
export function diffRoom(last: Partial<RoomParts>, next: RoomParts, hold: ReadonlySet<PartName> = new Set()): RoomDiff {
  const patch: Partial<Record<PartName, unknown>> = {};
  const sent: Partial<Record<PartName, unknown>> = { ...last };
  const held: PartName[] = [];
  let changed = false;
  for (const name of PART_NAMES) {
    const before = last[name];
    const after = next[name];
    // An optional part (hotspots with detection off, alerts) that is still absent is no change.
    if (after === undefined && before === undefined) continue;
    const same =
      name in last && (name === 'stats' ? sameStats(before as StatsView, after as StatsView) : sameJson(before, after));
    if (same) continue;
    if (hold.has(name)) {
      held.push(name);
      continue;
    }
    patch[name] = after;
    sent[name] = after;
    changed = true;
  }
  return { patch: changed ? (patch as Partial<RoomParts>) : null, last: sent as Partial<RoomParts>, held };
}

function sameStats(a: StatsView | undefined, b: StatsView): boolean {
  if (!a) return false;
  const { asOf: _a, ...restA } = a;
  const { asOf: _b, ...restB } = b;
  return sameJson(restA, restB);
}

/**
 * Equality of two JSON-shaped values (plain objects, arrays, strings, numbers, booleans, null),
 * key order aside. Written here because the parts are compared at every patch and node's
 * `isDeepStrictEqual` (prototypes, symbols, cycles) costs several times more on them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (!(k in y) || !sameJson(x[k], y[k])) return false;
    keys += 1;
  }
  for (const _k in y) keys -= 1;
  return keys === 0;
}
