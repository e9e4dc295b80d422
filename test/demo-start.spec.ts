/**
 * The demo as `npm start` runs it (demo mode, the embedded database, the simulator), at the test
 * moment: a fresh start has the last issued month and the last two issued weeks within its first
 * minute (issue 11), and the wall token of the demo reads them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastEndedPeriod, periodKeyOf, type AssessmentList } from '@gridwall/shared';
import { testNow } from '../backend/src/testing/test-clock';
import { startInstance, until, type Instance } from './cluster';

describe('a fresh demo start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-demo-'));
  let instance: Instance | undefined;

  afterAll(async () => {
    await instance?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues the last month and the last two weeks within its first minute', async () => {
    instance = await startInstance('demo', {
      NODE_ENV: 'development',
      DATABASE_URL: `sqlite:${join(dir, 'gridwall.sqlite')}`,
      LOG_FORMAT: 'text',
      INGEST_KEYS: '',
    });
    // Timed from the moment it answers (the URL is printed): the minute a user waits after opening it.
    const started = Date.now();
    const now = testNow();
    const lastWeek = lastEndedPeriod('week', now);
    // Issued at period end + 2 h: in the first hours of a week, the week before is the newest issued.
    const newestWeek = now >= lastWeek.to + 2 * 3_600_000 ? lastWeek : lastEndedPeriod('week', lastWeek.from);
    const weeks = [periodKeyOf('week', newestWeek.from), periodKeyOf('week', newestWeek.from - 1)];
    const lastMonth = lastEndedPeriod('month', now);
    const month = periodKeyOf('month', now >= lastMonth.to + 2 * 3_600_000 ? lastMonth.from : lastMonth.from - 1);
    const list = await until(
      async () => {
        const res = await fetch(`${instance!.url}/api/assessments?limit=20`, {
          headers: { authorization: 'Bearer demo-wall-token' },
        });
        if (res.status !== 200) return undefined;
        const items = ((await res.json()) as AssessmentList).items;
        const has = (kind: string, period: string) => items.some((a) => a.kind === kind && a.period === period);
        return weeks.every((w) => has('week', w)) && has('month', month) ? items : undefined;
      },
      75_000,
      `weeks ${weeks.join(', ')} and month ${month} to be issued`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${instance!.log().slice(-3000)}`);
    });
    // The newcomer's first URL is the wall.
    const log = instance.log();
    expect(log).toMatch(/wall: +http:\/\/\S+\/wall\?token=demo-wall-token/);
    expect(log.indexOf('wall:')).toBeLessThan(log.indexOf('live page:'));
    const seconds = (Date.now() - started) / 1000;
    expect(seconds, `issued after ${seconds.toFixed(1)} s`).toBeLessThan(60);
    const w = list.find((a) => a.kind === 'week' && a.period === weeks[0])!;
    expect(w.events).toBeGreaterThan(1000);
  }, 120_000);
});
