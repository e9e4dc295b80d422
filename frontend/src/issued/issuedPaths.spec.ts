import { describe, expect, it } from 'vitest';
import {
  assessmentListPath,
  briefingDataPath,
  briefingFilePath,
  briefingPagePath,
  issuedOverduePath,
  issuedRankingsPath,
  issuedStatsPath,
  rankHistoryPath,
} from './issuedPaths';

const week = { kind: 'week', period: '2026-W48' } as const;

describe('issued paths', () => {
  it('name the issued period, its version and the scope', () => {
    expect(assessmentListPath('week', 1)).toBe('/api/assessments?kind=week&limit=1');
    expect(issuedStatsPath({ ...week, version: 2 }, '410102')).toBe(
      '/api/assessments/week/2026-W48/stats?scope=410102&version=2',
    );
    expect(issuedRankingsPath(week, 'township', '410102')).toBe(
      '/api/assessments/week/2026-W48/rankings?tier=township&scope=410102',
    );
    expect(issuedOverduePath(week, '410100', 50)).toBe('/api/assessments/week/2026-W48/overdue?scope=410100&limit=50');
  });

  it('name the briefing as JSON, as files and as the printable page', () => {
    expect(briefingDataPath(week, '')).toBe('/api/assessments/week/2026-W48/briefing');
    expect(briefingFilePath({ kind: 'month', period: '2026-10' }, '410100', 'pdf')).toBe(
      '/api/assessments/month/2026-10/briefing.pdf?scope=410100',
    );
    expect(briefingFilePath(week, '410102', 'xlsx')).toBe('/api/assessments/week/2026-W48/briefing.xlsx?scope=410102');
    expect(briefingPagePath(week, '410102')).toBe('/briefing?kind=week&period=2026-W48&scope=410102');
  });

  it('name the issued rank history of a unit by kind', () => {
    expect(rankHistoryPath({ tier: 'district', scope: '410100', code: '410102' }, 'month', 12)).toBe(
      '/api/rankings/history?tier=district&scope=410100&code=410102&kind=month&limit=12',
    );
  });
});
