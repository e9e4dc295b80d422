import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  HOUR_MS,
  LIVE_NAMESPACE,
  toCityIso,
  type AlertList,
  type CaseEvent,
  type Patch,
  type Snapshot,
} from '@gridwall/shared';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { citizenReport } from '../testing/fixtures';
import { TEST_NOW } from '../testing/test-clock';

const ZHONGYUAN = '410102001002001';
const JINSHUI = '410105001003001';
const iso = (hoursAgo: number) => toCityIso(TEST_NOW - hoursAgo * HOUR_MS);

/** A case reported and accepted, then `more` (dispatches, escalations). */
function opened(caseId: string, grid: string, hoursAgo: number, more: Partial<CaseEvent>[]): CaseEvent[] {
  return [
    { ...citizenReport(caseId, grid, iso(hoursAgo + 1)), eventId: `${caseId}-r` },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(hoursAgo) },
    ...more.map((m, i) => ({ eventId: `${caseId}-${i}`, caseId, ...m }) as CaseEvent),
  ];
}

async function post(url: string, token: string | null, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { message?: string; acknowledged?: number } };
}

describe.each(databaseKinds())('alerts (告警) on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const deadlineRed = TEST_NOW - 2 * HOUR_MS;

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url });
    const events = [
      // Turned red 2 hours ago: an alert.
      ...opened('AL-RED', ZHONGYUAN, 10, [
        { type: 'dispatched', at: iso(9), handlerLevel: 'district', deadline: toCityIso(deadlineRed) },
      ]),
      // Red for 30 hours: the backlog, not an alert.
      ...opened('AL-OLD', ZHONGYUAN, 40, [
        { type: 'dispatched', at: iso(39), handlerLevel: 'district', deadline: iso(30) },
      ]),
      // Escalated to the city, in 金水区.
      ...opened('AL-CITY', JINSHUI, 5, [{ type: 'escalated', at: iso(4), toLevel: 'city' }]),
      // On the joint-meeting agenda.
      ...opened('AL-JOINT', ZHONGYUAN, 6, [{ type: 'escalated', at: iso(5), toLevel: 'district', jointMeeting: true }]),
      // Green and ordinary: nothing.
      ...opened('AL-CALM', ZHONGYUAN, 1, []),
    ];
    const res = await postEvents(sut.url, { events });
    expect(res.status, res.body.message).toBe(202);
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('lists what turned red in the last day, went to the city or onto the agenda, newest first, without reporter data', async () => {
    const res = await getJson<AlertList>(sut.url, '/api/alerts', sut.tokens.wall);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const byCase = new Map(res.body.items.map((a) => [a.caseId, a]));
    expect([...byCase.keys()].sort()).toEqual(['AL-CITY', 'AL-JOINT', 'AL-RED']);
    expect(byCase.get('AL-RED')).toMatchObject({
      id: `red:AL-RED:${deadlineRed}`,
      kind: 'case.red',
      since: toCityIso(deadlineRed),
      overdueHours: 2,
    });
    expect(byCase.get('AL-CITY')).toMatchObject({ id: 'city:AL-CITY', kind: 'case.escalated_city' });
    expect(byCase.get('AL-CITY')!.handler.level).toBe('city');
    expect(byCase.get('AL-JOINT')).toMatchObject({ id: 'joint:AL-JOINT', kind: 'case.joint_meeting' });
    expect(byCase.get('AL-RED')!.areaPath.map((p) => p.code)).toEqual([
      '410102',
      '410102001',
      '410102001002',
      ZHONGYUAN,
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['王某某', '13812341234', '夜间生产噪音大']) expect(text).not.toContain(secret);
    // The scope filters: 金水区 sees only its own.
    const jinshui = await getJson<AlertList>(sut.url, '/api/alerts?scope=410105');
    expect(jinshui.body.items.map((a) => a.caseId)).toEqual(['AL-CITY']);
  });

  it('is acknowledged on a tablet only, by someone who may see the case, once, audited, and leaves every room', async () => {
    const socket: Socket = io(`${sut.url}${LIVE_NAMESPACE}`, {
      auth: { token: sut.tokens.wall },
      transports: ['websocket'],
    });
    const patches: Patch[] = [];
    socket.on('patch', (p: Patch) => patches.push(p));
    try {
      const sub = (await socket.timeout(10_000).emitWithAck('subscribe', { scope: '410100', period: 'day' })) as {
        ok: boolean;
        data: Snapshot;
      };
      expect(sub.data.alerts?.total).toBe(3);
      const red = `red:AL-RED:${deadlineRed}`;
      // The wall is a screen: it shows alerts, it does not acknowledge them.
      expect((await post(sut.url, sut.tokens.wall, '/api/alerts/ack', { ids: [red] })).status).toBe(403);
      expect((await post(sut.url, null, '/api/alerts/ack', { ids: [red] })).status).toBe(401);
      // 中原区's head may not acknowledge 金水区's case; nothing is stored then.
      const outside = await post(sut.url, sut.tokens.district, '/api/alerts/ack', { ids: [red, 'city:AL-CITY'] });
      expect(outside.status).toBe(403);
      expect((await getJson<AlertList>(sut.url, '/api/alerts')).body.total).toBe(3);
      // Bad and unknown ids: 400 and 404 naming `ids`.
      for (const body of [{ ids: [] }, { ids: ['bogus'] }, { ids: 'red:x:1' }, { ids: [red], extra: 1 }]) {
        const bad = await post(sut.url, sut.tokens.leader, '/api/alerts/ack', body);
        expect(bad.status, JSON.stringify(body)).toBe(400);
      }
      const unknown = await post(sut.url, sut.tokens.leader, '/api/alerts/ack', { ids: ['red:AL-OLD:1'] });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/^ids: /);

      const ok = await post(sut.url, sut.tokens.district, '/api/alerts/ack', { ids: [red, red] });
      expect(ok).toEqual({ status: 200, body: { acknowledged: 1 } });
      expect((await post(sut.url, sut.tokens.leader, '/api/alerts/ack', { ids: [red] })).body).toEqual({
        acknowledged: 0,
      });
      const after = await getJson<AlertList>(sut.url, '/api/alerts');
      expect(after.body.total).toBe(2);
      expect(after.body.items.map((a) => a.caseId)).not.toContain('AL-RED');
      const audit = (
        await getJson<{ action: string; detail: string; actor: string }[]>(
          sut.url,
          '/api/admin/audit',
          sut.tokens.admin,
        )
      ).body;
      expect(audit.filter((e) => e.action === 'alert-ack').map((e) => e.detail)).toEqual([red]);
      // The room's next patch drops it.
      const deadline = Date.now() + 10_000;
      while (!patches.some((p) => p.alerts?.total === 2) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(patches.some((p) => p.alerts?.total === 2)).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('ends by itself when the case is resolved, and an acknowledgement survives a restart', async () => {
    const done = await postEvents(sut.url, {
      events: [{ eventId: 'AL-JOINT-done', caseId: 'AL-JOINT', type: 'resolved', at: iso(0.5) } as CaseEvent],
    });
    expect(done.status).toBe(202);
    expect((await getJson<AlertList>(sut.url, '/api/alerts')).body.items.map((a) => a.caseId)).toEqual(['AL-CITY']);
    await sut.close();
    sut = await startTestApp({ databaseUrl: db.url });
    expect((await getJson<AlertList>(sut.url, '/api/alerts')).body.items.map((a) => a.caseId)).toEqual(['AL-CITY']);
  });
});
