import { describe, expect, it } from 'vitest';
import { assessmentHeader, issuedRanking, issuedStats } from '../testing/fixtures';
import { loadLatestAssessment, type JsonReader } from './latestAssessment';

/** A reader answering paths from `answers` (by path prefix) and recording every path read. */
function reader(answers: Record<string, unknown>): { read: JsonReader; paths: string[] } {
  const paths: string[] = [];
  const read = (async (path: string) => {
    paths.push(path);
    const key = Object.keys(answers).find((k) => path.startsWith(k));
    if (!key) throw new Error(`unexpected ${path}`);
    return answers[key];
  }) as JsonReader;
  return { read, paths };
}

describe('loadLatestAssessment', () => {
  it('reads the newest issued period, the scope figures, then the ranking of the tier below the scope', async () => {
    const { read, paths } = reader({
      '/api/assessments?': { items: [assessmentHeader()] },
      '/api/assessments/week/2026-W48/stats': issuedStats(),
      '/api/assessments/week/2026-W48/rankings': issuedRanking(),
    });
    const sut = await loadLatestAssessment('week', '410100', read);
    expect(paths).toEqual([
      '/api/assessments?kind=week&limit=1',
      '/api/assessments/week/2026-W48/stats?scope=410100&version=1',
      '/api/assessments/week/2026-W48/rankings?tier=district&scope=410100&version=1',
    ]);
    expect(sut).toMatchObject({ status: 'ready', tier: 'district', header: { period: '2026-W48' } });
  });

  it('says none is issued, and reads nothing more, when the list is empty', async () => {
    const { read, paths } = reader({ '/api/assessments?': { items: [] } });
    expect(await loadLatestAssessment('month', '410100', read)).toEqual({ kind: 'month', status: 'none' });
    expect(paths).toHaveLength(1);
  });

  it('keeps what it has when the same version is still the newest, and reads a new one when issued', async () => {
    const first = reader({
      '/api/assessments?': { items: [assessmentHeader()] },
      '/api/assessments/week/2026-W48/stats': issuedStats(),
      '/api/assessments/week/2026-W48/rankings': issuedRanking(),
    });
    const before = await loadLatestAssessment('week', '410100', first.read);
    const again = reader({ '/api/assessments?': { items: [assessmentHeader()] } });
    expect(await loadLatestAssessment('week', '410100', again.read, before)).toBe(before);
    expect(again.paths).toHaveLength(1);

    const reissued = reader({
      '/api/assessments?': { items: [assessmentHeader({ version: 2 })] },
      '/api/assessments/week/2026-W48/stats': issuedStats(),
      '/api/assessments/week/2026-W48/rankings': issuedRanking(),
    });
    const after = await loadLatestAssessment('week', '410100', reissued.read, before);
    expect(after).not.toBe(before);
    expect(reissued.paths[1]).toContain('version=2');
  });

  it('reads no ranking below villages', async () => {
    const { read, paths } = reader({
      '/api/assessments?': { items: [assessmentHeader()] },
      '/api/assessments/week/2026-W48/stats': issuedStats({ level: 'village', scope: '410102001002' }),
    });
    expect(await loadLatestAssessment('week', '410102001002', read)).toMatchObject({ tier: null, ranking: null });
    expect(paths).toHaveLength(2);
  });
});
