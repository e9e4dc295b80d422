import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, toCityIso, type Period, type Snapshot } from '@gridwall/shared';
import { ManualClock } from '../common/clock';
import { defaultDomainConfig } from '../config/domain-config';
import { LiveEngine } from '../live/live-engine.service';
import { LiveQueries } from '../live/live-queries.service';
import { Rng } from '../simulator/rng';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_DEPARTMENTS, TEST_NODES } from '../testing/fixtures';
import { randomStream, type Arrival, toWire } from '../testing/random-streams';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { ReplayService } from './replay.service';

const START = Date.parse('2026-11-02T08:00:00+08:00');
const END = START + 12 * 86_400_000;
const H = 3_600_000;
/** Moments recorded during the run (some at day and week edges, some odd). */
const MOMENTS = [
  START + 30 * H + 17 * 60_000,
  START + 2 * 86_400_000 + 16 * H - 1,
  START + 2 * 86_400_000 + 16 * H,
  START + 5 * 86_400_000 + 3 * H + 5 * 60_000,
  START + 6 * 86_400_000 + 16 * H - 60_000,
  START + 6 * 86_400_000 + 16 * H + 60_000,
  START + 9 * 86_400_000 + 11 * H,
  START + 11 * 86_400_000 + 23 * H,
];
const READS: [string, Period][] = [
  ['/api/stats?scope=410100&period=day', 'day'],
  ['/api/stats?scope=410102&period=week', 'week'],
  ['/api/stats?scope=410102001&period=month', 'month'],
  ['/api/stats/categories?scope=410100&period=week', 'week'],
  ['/api/rankings?tier=district&scope=410100&period=week', 'week'],
  ['/api/rankings?tier=township&scope=410100&period=day', 'day'],
  ['/api/rankings?tier=department&scope=410100&period=month', 'month'],
  ['/api/overdue?scope=410100&limit=500', 'day'],
];

const withAt = (path: string, t: number) => `${path}&at=${encodeURIComponent(toCityIso(t))}`;

describe.each(databaseKinds())('replays at a past moment on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(START);
  const cfg = { ...defaultDomainConfig(), minCases: 2 };
  /** What the live API answered at each moment. */
  const recorded = new Map<number, Map<string, unknown>>();
  const liveSnapshots = new Map<number, Snapshot>();

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock, domainConfig: cfg });
    const arrivals: Arrival[] = [];
    for (let s = 0; s < 2; s++) {
      arrivals.push(
        ...randomStream(new Rng(770 + s), {
          cases: 40,
          cells: TEST_NODES,
          departments: TEST_DEPARTMENTS,
          start: START + s * H,
          prefix: `R${s}`,
        }).arrivals,
      );
    }
    arrivals.sort((a, b) => a.arriveAt - b.arriveAt);
    const engine = sut.app.get(LiveEngine);
    const queries = sut.app.get(LiveQueries);
    let i = 0;
    for (const moment of [...MOMENTS, END]) {
      while (i < arrivals.length && arrivals[i].arriveAt <= moment) {
        const batch: Arrival[] = [];
        while (i < arrivals.length && arrivals[i].arriveAt <= moment && batch.length < 50) batch.push(arrivals[i++]);
        clock.set(batch[batch.length - 1].arriveAt);
        const res = await postEvents(sut.url, { events: batch.map((a) => toWire(a.event)) });
        expect(res.status, res.body.message).toBeLessThan(300);
      }
      if (moment === END) break;
      clock.set(moment);
      engine.tick();
      const reads = new Map<string, unknown>();
      for (const [path] of READS) reads.set(path, (await getJson(sut.url, path)).body);
      recorded.set(moment, reads);
      const live = queries.stats('410100', 'week');
      liveSnapshots.set(moment, { stats: live } as Snapshot);
    }
    clock.set(END);
  }, 240_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('shows at every recorded moment exactly what the live API showed then', async () => {
    let nonEmpty = 0;
    for (const [t, reads] of recorded) {
      for (const [path, body] of reads) {
        const replayed = await getJson(sut.url, withAt(path, t));
        expect(replayed.status, `${path} at ${toCityIso(t)}`).toBe(200);
        expect(replayed.body, `${path} at ${toCityIso(t)}`).toEqual(body);
      }
      if ((reads.get(READS[0][0]) as { reported: number }).reported > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(4);
  });

  it('rolls checkpoints forward to the same figures a fresh replay computes', async () => {
    const replay = sut.app.get(ReplayService);
    const queries = sut.app.get(LiveQueries);
    const read = (t: number, fresh: boolean) =>
      replay.at(
        t,
        'week',
        (src) => ({
          stats: queries.stats('410100', 'week', src),
          rankings: queries.rankings('township', '410100', 'week', undefined, src),
          overdue: queries.overdue('410100', 500, undefined, src),
          trend: queries.trend('410102', 'week', src),
        }),
        { fresh },
      );
    // Forward in steps of 37 minutes over two days: each step rolls the previous state forward.
    const from = START + 4 * 86_400_000;
    for (let t = from; t < from + 2 * 86_400_000; t += 37 * 60_000) {
      expect(await read(t, false), toCityIso(t)).toEqual(await read(t, true));
    }
  });

  it('answers a socket subscribe with `at` with one snapshot of that moment, joining no live room', async () => {
    const socket = io(`${sut.url}${LIVE_NAMESPACE}`, { auth: { token: sut.tokens.wall }, transports: ['websocket'] });
    try {
      const t = MOMENTS[3];
      const answer = (await socket.timeout(10_000).emitWithAck('subscribe', {
        scope: '410100',
        period: 'week',
        at: toCityIso(t),
      })) as { ok: boolean; data: Snapshot };
      expect(answer.ok).toBe(true);
      expect(answer.data.replayAt).toBe(toCityIso(t));
      expect(answer.data.stats).toEqual(liveSnapshots.get(t)!.stats);
      expect(answer.data.stats.asOf).toBe(toCityIso(t));
      expect(JSON.stringify(answer.data.feed)).not.toMatch(/reporter|description/);
      const bad = (await socket.timeout(10_000).emitWithAck('subscribe', {
        scope: '410100',
        period: 'week',
        at: 'yesterday',
      })) as { ok: boolean; error: { statusCode: number; message: string } };
      expect(bad).toMatchObject({ ok: false, error: { statusCode: 400, message: expect.stringMatching(/^at: /) } });
    } finally {
      socket.close();
    }
  });

  it('refuses a moment in the future or before the log with 400 naming `at`', async () => {
    const future = await getJson<{ message: string }>(sut.url, withAt('/api/stats?period=day', END + 60_000));
    expect(future).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^at: .*in the future/) } });
    const before = await getJson<{ message: string }>(sut.url, withAt('/api/stats?period=day', START - 86_400_000));
    expect(before).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^at: .*before the event log/) },
    });
    const bad = await getJson<{ message: string }>(sut.url, '/api/stats?period=day&at=2026-11-02');
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^at: must be an ISO-8601/) } });
  });
});
