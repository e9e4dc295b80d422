import { describe, expect, it } from 'vitest';
import type { HotspotList } from '@gridwall/shared';
import { hotspotLines, hotspotsPath } from './hotspotView';

describe('hotspotLines / hotspotsPath', () => {
  it('reads the hotspots at or below a unit', () => {
    expect(hotspotsPath({ code: '410102' })).toBe('/api/hotspots?scope=410102');
    expect(hotspotsPath(null)).toBeNull();
  });

  it('heads each hotspot with its count against the usual and keeps its open cases', () => {
    const list: HotspotList = {
      scope: '410100',
      asOf: '2026-11-25T15:00:00.000+08:00',
      windowHours: 24,
      items: [
        {
          id: 'h1',
          unit: { code: '410102001', name: '林山寨街道', level: 'township' },
          areaPath: [
            { code: '410102', name: '中原区' },
            { code: '410102001', name: '林山寨街道' },
          ],
          category: 'illegal_business',
          windowHours: 24,
          windowCount: 14,
          expected: 3.2,
          ratio: 4.4,
          tailProbability: 1e-6,
          trigger: { hours: 6, count: 9, expected: 0.8, tailProbability: 1e-7, threshold: 1e-4 },
          since: '2026-11-25T09:00:00.000+08:00',
          peakCount: 14,
          peakAt: '2026-11-25T14:00:00.000+08:00',
          openCases: 2,
          openCaseIds: ['C1', 'C2'],
          trend: { from: '2026-11-24T15:00:00.000+08:00', hourly: [], expected: [] },
        },
      ],
    };
    expect(hotspotLines(list)).toEqual([
      {
        id: 'h1',
        place: '中原区 › 林山寨街道',
        category: '非法经营',
        headline: '近24小时 14 件，常态约 3 件',
        since: '11-25 09:00 起',
        open: '未办结 2 件',
        caseIds: ['C1', 'C2'],
      },
    ]);
  });
});
