/**
 * A hotspot for the wall's unit tests (the shared fixtures belong to everyone; this one is the
 * wall's own).
 */
import type { HotspotView } from '@gridwall/shared';

/** A village hotspot of 非法经营 raised at 13:05 on 2026-11-25, overridable. */
export function hotspotFixture(overrides: Partial<HotspotView> = {}): HotspotView {
  return {
    id: 'h1',
    unit: { code: '410102001002', name: '绿东村社区', level: 'village' },
    areaPath: [
      { code: '410102', name: '中原区' },
      { code: '410102001', name: '林山寨街道' },
      { code: '410102001002', name: '绿东村社区' },
    ],
    category: 'illegal_business',
    windowHours: 24,
    windowCount: 14,
    expected: 3.2,
    ratio: 4.4,
    tailProbability: 1e-9,
    trigger: { hours: 4, count: 9, expected: 0.5, tailProbability: 1e-9, threshold: 1e-4 },
    since: '2026-11-25T13:05:00.000+08:00',
    peakCount: 16,
    peakAt: '2026-11-25T14:10:00.000+08:00',
    openCases: 12,
    openCaseIds: [],
    trend: {
      from: '2026-11-24T15:00:00.000+08:00',
      hourly: [...Array<number>(22).fill(0), 5, 9],
      expected: Array<number>(24).fill(0.13),
    },
    ...overrides,
  };
}
