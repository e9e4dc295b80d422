/**
 * Clock-driven changes end to end: with no new event, cases turn yellow and red, counts and
 * ranking scores change and subscribers get a patch; at midnight the day rolls over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type CaseEvent,
  type ClientToServerEvents,
  type Patch,
  type RankingView,
  type ServerToClientEvents,
  type Snapshot,
} from '@gridwall/shared';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';

const T0 = Date.parse('2026-11-21T20:00:00+08:00');

function lifecycle(i: number): CaseEvent[] {
  const c = `CLK-${i}`;
  return [
    {
      eventId: `${c}-r`,
      caseId: c,
      type: 'reported',
      at: '2026-11-21T19:00:00+08:00',
      gridCode: '410102001002001',
      category: 'work_safety',
      source: 'patrol',
      title: '液化气瓶违规存放',
    },
    { eventId: `${c}-a`, caseId: c, type: 'accepted', at: '2026-11-21T19:05:00+08:00' },
    {
      eventId: `${c}-d`,
      caseId: c,
      type: 'dispatched',
      at: '2026-11-21T19:10:00+08:00',
      handlerLevel: 'cell',
      deadline: '2026-11-21T21:10:00+08:00',
    },
  ];
}

describe('clock-driven changes end to end', () => {
  const db = sqliteDatabase();
  const clock = new ManualClock(T0);
  let sut: TestApp;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const patches: Patch[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url, clock });
  });

  afterAll(async () => {
    socket?.close();
    await sut?.close();
    await db.drop();
  });

  const until = async <T>(probe: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 250; i++) {
      const v = probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('timed out');
  };

  it('turns cases yellow then red and lowers the ranking score with no new event', async () => {
    // Five open cases, one resolved one, all in 中原区 (so the district ranks with minCases 5).
    const events = [1, 2, 3, 4, 5, 6].flatMap(lifecycle);
    events.push({ eventId: 'CLK-6-s', caseId: 'CLK-6', type: 'resolved', at: '2026-11-21T19:30:00+08:00' });
    expect((await postEvents(sut.url, { events })).status).toBe(202);

    socket = io(`${sut.url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: sut.tokens.wall },
    });
    const snapshot = await new Promise<Snapshot>((resolve) => {
      socket.on('snapshot', resolve);
      socket.on('patch', (p) => patches.push(p));
      socket.emit('subscribe', { scope: '410100', period: 'day' });
    });
    expect(snapshot.stats).toMatchObject({ openNow: 5, nearDueNow: 0, overdueNow: 0 });
    const row = () => snapshot.rankings!.rows.find((r) => r.code === '410102')!;
    // v2: one case is due (the resolved one), fewer than minCases 5: 样本不足, not ranked.
    expect(row()).toMatchObject({ score: null, rank: null, due: 1 });

    // 20:47: 23 min left of a 2 h window (≤ 20% = 24 min): yellow.
    clock.set(Date.parse('2026-11-21T20:47:00+08:00'));
    const yellow = await until(() => patches.find((p) => p.stats?.nearDueNow === 5));
    expect(yellow.stats!.overdueNow).toBe(0);
    expect(yellow.overdue!.totalYellow).toBe(5);

    // 21:10:00.001: past the deadline: red, due, and the score takes the overdue deduction.
    clock.set(Date.parse('2026-11-21T21:10:00.001+08:00'));
    const red = await until(() => patches.find((p) => p.stats?.overdueNow === 5));
    expect(red.stats!.due).toBe(6);
    const district = red.rankings!.rows.find((r) => r.code === '410102')!;
    // Now six are due: 结案 1/6, on time 1/6, local 1/1, no satisfaction: (0.3/6 + 0.3/6 + 0.2) / 0.8 = 37.5; − 10 (capped)
    expect(district.score).toBe(27.5);
    expect(district.flags).toContain('red');
    const rest = (await getJson<RankingView>(sut.url, '/api/rankings?tier=district&scope=410100&period=day')).body;
    expect(rest.rows.find((r) => r.code === '410102')).toEqual(district);
  });

  it('rolls the day over at midnight Asia/Shanghai', async () => {
    clock.set(Date.parse('2026-11-22T00:00:00+08:00'));
    const rolled = await until(() => patches.find((p) => p.stats?.from === '2026-11-22T00:00:00.000+08:00'));
    expect(rolled.stats).toMatchObject({ reported: 0, accepted: 0, openNow: 5, overdueNow: 5 });
  });
});
