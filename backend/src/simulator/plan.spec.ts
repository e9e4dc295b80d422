import { describe, expect, it } from 'vitest';
import { HOUR_MS, parseIsoWithOffset, type Category } from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { foldCase } from '../cases/fold';
import { foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { Rng } from './rng';
import { arrivals, planCase, simCaseId, type PlanWorld } from './plan';

const tree = zhengzhouTree();
const world: PlanWorld = {
  cells: tree.ofLevel('cell').map((c) => c.code),
  districtOf: (code) => tree.ancestorAt(code, 'district')!.code,
  departmentsFor: (d) => [`${d}.scjg`, 'city.cg'],
  timeLimitMs: limitMs,
};
const T0 = Date.parse('2026-10-01T00:00:00+08:00');

function normalize(e: ReturnType<typeof planCase>[number]): NormalizedEvent {
  const raw = e.event as unknown as Record<string, unknown>;
  return {
    ...(raw as unknown as NormalizedEvent),
    at: e.at,
    ...(raw.deadline ? { deadline: parseIsoWithOffset(raw.deadline as string)! } : {}),
  };
}

describe('planCase', () => {
  it('is a pure function of the case id and report time', () => {
    expect(planCase('SIM-X-1', T0, world)).toEqual(planCase('SIM-X-1', T0, world));
  });

  it('is calibrated on the source reports', () => {
    const ctx = foldContext();
    const states = Array.from({ length: 20_000 }, (_, i) => {
      const id = simCaseId(T0 + i * 60_000, i);
      return foldCase(id, planCase(id, T0 + i * 60_000, world).map(normalize), ctx);
    });
    const accepted = states.filter((s) => s.acceptedAt !== null && !s.rejected);
    const resolved = accepted.filter((s) => s.resolvedAt !== null);
    const local = resolved.filter((s) => ['cell', 'village', 'township'].includes(s.resolvedHandlerLevel!));
    const share = (n: number, d: number) => n / d;
    expect(share(states.length - accepted.length, states.length)).toBeCloseTo(0.03, 2);
    expect(share(resolved.length, accepted.length)).toBeGreaterThan(0.97);
    expect(share(resolved.length, accepted.length)).toBeLessThan(0.99);
    expect(share(local.length, resolved.length)).toBeGreaterThan(0.93);
    expect(share(local.length, resolved.length)).toBeLessThan(0.98);
    const late = resolved.filter((s) => s.resolvedAt! > s.deadline!);
    expect(share(late.length, resolved.length)).toBeGreaterThan(0.05);
    expect(share(late.length, resolved.length)).toBeLessThan(0.2);
    expect(share(accepted.filter((s) => s.reworkCount > 0).length, accepted.length)).toBeCloseTo(0.05, 1);
    expect(share(accepted.filter((s) => s.extendedCount > 0).length, accepted.length)).toBeCloseTo(0.04, 1);
    expect(accepted.filter((s) => s.jointMeeting).length).toBeGreaterThan(50);
    const rated = accepted.filter((s) => s.satisfaction !== null);
    expect(share(rated.filter((s) => s.satisfaction !== 'unsatisfied').length, rated.length)).toBeGreaterThan(0.9);
    const byCategory = new Map<Category, number>();
    for (const s of states) byCategory.set(s.category!, (byCategory.get(s.category!) ?? 0) + 1);
    const top = [...byCategory.entries()].sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe('illegal_business');
  });
});

describe('arrivals', () => {
  it('follows the day/night rhythm at the requested daily volume', () => {
    const days = 20;
    const times = arrivals(T0, T0 + days * 24 * HOUR_MS, 4000, new Rng(7));
    expect(times.length / days).toBeGreaterThan(3800);
    expect(times.length / days).toBeLessThan(4200);
    const hourOf = (t: number) => new Date(t + 8 * HOUR_MS).getUTCHours();
    const night = times.filter((t) => hourOf(t) >= 1 && hourOf(t) < 5).length;
    const morning = times.filter((t) => hourOf(t) >= 9 && hourOf(t) < 13).length;
    expect(morning).toBeGreaterThan(4 * night);
  });
});
