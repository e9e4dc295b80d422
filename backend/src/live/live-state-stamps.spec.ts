import { describe, expect, it } from 'vitest';
import { DAY_MS } from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { foldCase } from '../cases/fold';
import { TEST_NODES, foldContext, zhengzhouTree } from '../testing/fixtures';
import { LiveState, ZERO_PERIOD, ZERO_STANDING } from './live-state';

// The change stamps the read memos of LiveQueries trust: a key's stamp moves with every change
// to its counters, never with another key's; the epoch with every rollover.
const tree = zhengzhouTree();
const ctx = foldContext();
const NOW = Date.parse('2026-11-16T10:00:00+08:00');

function reported(caseId: string, gridCode: string, t: number): NormalizedEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: t,
    gridCode,
    category: 'work_safety',
    source: 'patrol',
    title: 't',
  };
}

describe('LiveState change stamps', () => {
  it('moves the stamp of every key a case counts under, and of no other key', () => {
    const state = new LiveState(tree, 0.2, NOW);
    const node = tree.get(TEST_NODES[0])!;
    const other = tree.ofLevel('district').find((d) => !node.ancestors.includes(d.code))!;
    const alerts = state.alertStamp;
    state.upsert(foldCase('C1', [reported('C1', node.code, NOW - 1000)], ctx), NOW);
    const stamps = node.ancestors.map((k) => state.changeStamp(k));
    expect(stamps.every((s) => s > 0)).toBe(true);
    expect(state.changeStamp(other.code)).toBe(0);
    expect(state.alertStamp).toBeGreaterThan(alerts);
    const otherCell = tree.descendantsAt(other.code, 'cell')[0];
    state.upsert(foldCase('C2', [reported('C2', otherCell.code, NOW - 500)], ctx), NOW);
    expect(node.ancestors.slice(0, -1).map((k) => state.changeStamp(k))).toEqual(stamps.slice(0, -1));
    expect(state.changeStamp(other.code)).toBeGreaterThan(0);
    expect(state.changeStamp(tree.root.code)).toBeGreaterThan(stamps[stamps.length - 1]);
  });

  it('moves the epoch at a rollover', () => {
    const state = new LiveState(tree, 0.2, NOW);
    const epoch = state.epoch;
    state.tick(NOW + 1000);
    expect(state.epoch).toBe(epoch);
    state.tick(NOW + DAY_MS);
    expect(state.epoch).toBe(epoch + 1);
  });

  it('reads a key with nothing counted as the shared zero counters', () => {
    const state = new LiveState(tree, 0.2, NOW);
    const f = state.figures(TEST_NODES[0], 'day', NOW);
    expect(f.period).toBe(ZERO_PERIOD);
    expect(f.standing).toBe(ZERO_STANDING);
    expect([...ZERO_PERIOD, ...ZERO_STANDING].every((x) => x === 0)).toBe(true);
  });
});
