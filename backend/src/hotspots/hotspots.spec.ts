import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  CATEGORIES,
  HOUR_MS,
  toCityIso,
  type CaseEvent,
  type HotspotHistoryPage,
  type HotspotList,
  type Patch,
  type Snapshot,
  LIVE_NAMESPACE,
} from '@gridwall/shared';
import { ManualClock } from '../common/clock';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_NODES } from '../testing/fixtures';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import { HOTSPOTS_CHANGED, type HotspotsChanged } from './hotspots.events';
import { HotspotsService } from './hotspots.service';

/** The surge's village (two of the test cells lie in it) and its township and district. */
const VILLAGE = '410102001002';
const SECRET = { name: '赵某某', phone: '13900001111', description: '举报人住在二号楼，勿外传' };

function report(caseId: string, at: number, gridCode: string, category: (typeof CATEGORIES)[number]): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: toCityIso(at),
    gridCode,
    category,
    source: 'patrol',
    title: '巡查发现问题',
  };
}

describe.each(databaseKinds())('hotspots on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(TEST_NOW);
  const changes: HotspotsChanged[] = [];
  const listen = () => sut.app.get(EventEmitter2).on(HOTSPOTS_CHANGED, (c: HotspotsChanged) => changes.push(c));
  const surgeIds: string[] = [];

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock });
    listen();
    // Eight weeks and a day of quiet history: 3 reports an hour over the test nodes, never
    // 非法经营 (the surge's category) in the surge's village.
    const events: CaseEvent[] = [];
    const quiet = CATEGORIES.filter((c) => c !== 'illegal_business');
    let n = 0;
    for (let h = 8 * 168 + 30; h >= 1; h--) {
      for (let i = 0; i < 3; i++) {
        const at = TEST_NOW - h * HOUR_MS + i * 17 * 60_000;
        events.push(report(`H${n}`, at, TEST_NODES[n % TEST_NODES.length], quiet[n % quiet.length]));
        n++;
      }
    }
    for (let i = 0; i < events.length; i += 2000) {
      const res = await postEvents(sut.url, { events: events.slice(i, i + 2000) });
      expect(res.status, res.body.message).toBe(202);
    }
  }, 240_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('raises nothing on a quiet history', async () => {
    await sut.app.get(HotspotsService).tick();
    const res = await getJson<HotspotList>(sut.url, '/api/hotspots');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.windowHours).toBe(24);
  });

  it('raises a surge as it arrives, with its figures, its open cases and no reporter data', async () => {
    changes.length = 0;
    // A screen subscribed to the district before the surge: its room carries the list.
    const socket: Socket = io(`${sut.url}${LIVE_NAMESPACE}`, {
      auth: { token: sut.tokens.wall },
      transports: ['websocket'],
    });
    const patches: Patch[] = [];
    socket.on('patch', (p: Patch) => patches.push(p));
    const sub = (await socket.timeout(10_000).emitWithAck('subscribe', { scope: '410102', period: 'day' })) as {
      ok: boolean;
      data: Snapshot;
    };
    expect(sub.ok).toBe(true);
    expect(sub.data.hotspots).toEqual([]);
    const events: CaseEvent[] = [];
    for (let i = 0; i < 12; i++) {
      const caseId = `SURGE-${i}`;
      surgeIds.push(caseId);
      events.push({
        eventId: `${caseId}-r`,
        caseId,
        type: 'reported',
        at: toCityIso(TEST_NOW - 2 * HOUR_MS + i * 9 * 60_000),
        gridCode: i % 2 === 0 ? `${VILLAGE}001` : `${VILLAGE}002`,
        category: 'illegal_business',
        source: 'citizen',
        title: '无证经营',
        description: SECRET.description,
        reporter: { name: SECRET.name, phone: SECRET.phone },
      });
    }
    expect((await postEvents(sut.url, { events })).status).toBe(202);
    const res = await getJson<HotspotList>(sut.url, `/api/hotspots?scope=410102`);
    expect(res.status).toBe(200);
    const village = res.body.items.find((h) => h.unit.code === VILLAGE);
    expect(village, JSON.stringify(res.body.items.map((h) => h.unit))).toBeDefined();
    expect(village!.category).toBe('illegal_business');
    expect(village!.unit.level).toBe('village');
    expect(village!.areaPath.map((p) => p.code)).toEqual(['410102', '410102001', VILLAGE]);
    expect(village!.windowCount).toBe(12);
    expect(village!.expected).toBe(0);
    expect(village!.tailProbability).toBeLessThan(1e-6);
    expect(village!.trigger.count).toBeGreaterThanOrEqual(3);
    expect(village!.trigger.tailProbability).toBeLessThanOrEqual(village!.trigger.threshold);
    expect(village!.openCases).toBe(12);
    expect([...village!.openCaseIds].sort()).toEqual([...surgeIds].sort());
    expect(village!.trend.hourly.reduce((a, b) => a + b, 0)).toBe(12);
    const text = JSON.stringify(res.body);
    for (const s of Object.values(SECRET)) expect(text).not.toContain(s);
    // Announced for the socket rooms: the unit and every scope above it.
    const scopes = new Set(changes.flatMap((c) => c.scopes));
    for (const s of ['410100', '410102', '410102001', VILLAGE]) expect(scopes.has(s)).toBe(true);
    // Not in another district's list; in the city's.
    expect((await getJson<HotspotList>(sut.url, '/api/hotspots?scope=410105')).body.items).toEqual([]);
    expect((await getJson<HotspotList>(sut.url, '/api/hotspots')).body.items.map((h) => h.unit.code)).toContain(
      VILLAGE,
    );
    // The room's patch brings the same list as the API, without reporter data.
    const deadline = Date.now() + 10_000;
    while (!patches.some((p) => p.hotspots?.length) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    socket.close();
    const carried = patches.filter((p) => p.hotspots?.length).at(-1)!;
    expect(carried, 'no patch carried the hotspot').toBeDefined();
    expect(carried.hotspots!.map((h) => [h.unit.code, h.category, h.windowCount])).toContainEqual([
      VILLAGE,
      'illegal_business',
      12,
    ]);
    for (const s of Object.values(SECRET)) expect(JSON.stringify(carried)).not.toContain(s);
  });

  it('is readable by every read role, and checks its query', async () => {
    for (const role of ['wall', 'leader', 'district', 'admin'] as const)
      expect((await getJson(sut.url, '/api/hotspots', sut.tokens[role])).status).toBe(200);
    expect((await getJson(sut.url, '/api/hotspots', null)).status).toBe(401);
    expect((await getJson(sut.url, '/api/hotspots?scope=999999')).status).toBe(400);
    expect((await getJson(sut.url, '/api/hotspots?colour=red')).status).toBe(400);
    const bad = await getJson<{ message: string }>(sut.url, '/api/hotspots/history?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('limit');
    const reversed = await getJson<{ message: string }>(
      sut.url,
      `/api/hotspots/history?from=${encodeURIComponent(toCityIso(TEST_NOW))}&to=${encodeURIComponent(toCityIso(TEST_NOW - HOUR_MS))}`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toContain('from');
  });

  it('keeps the history, and a hotspot survives a restart with its id and start', async () => {
    const service = sut.app.get(HotspotsService);
    await service.flush();
    const before = (await getJson<HotspotList>(sut.url, `/api/hotspots?scope=${VILLAGE}`)).body.items[0];
    expect(before.id).toMatch(/^\d+$/);
    const hist = await getJson<HotspotHistoryPage>(sut.url, '/api/hotspots/history?scope=410102&limit=1');
    expect(hist.status).toBe(200);
    expect(hist.body.total).toBeGreaterThanOrEqual(1);
    expect(hist.body.items).toHaveLength(1);
    const all = await getJson<HotspotHistoryPage>(sut.url, '/api/hotspots/history?scope=410102001');
    const row = all.body.items.find((h) => h.id === before.id)!;
    expect(row.clearedAt).toBeNull();
    expect(row.unit.code).toBe(VILLAGE);
    expect(row.peakCount).toBe(12);
    expect((await getJson<HotspotHistoryPage>(sut.url, '/api/hotspots/history?scope=410105')).body.total).toBe(0);

    await sut.close();
    sut = await startTestApp({ databaseUrl: db.url, clock });
    listen();
    const after = (await getJson<HotspotList>(sut.url, `/api/hotspots?scope=${VILLAGE}`)).body.items[0];
    expect(after.id).toBe(before.id);
    expect(after.since).toBe(before.since);
    expect(after.windowCount).toBe(12);
  });

  it('clears by itself when the rate falls back, and the history says when', async () => {
    const service = sut.app.get(HotspotsService);
    const id = (await getJson<HotspotList>(sut.url, `/api/hotspots?scope=${VILLAGE}`)).body.items[0].id;
    changes.length = 0;
    for (let i = 1; i <= 30; i++) {
      clock.set(TEST_NOW + i * HOUR_MS);
      await service.tick();
    }
    expect((await getJson<HotspotList>(sut.url, '/api/hotspots')).body.items).toEqual([]);
    expect(changes.some((c) => c.units.includes(VILLAGE))).toBe(true);
    const hist = await getJson<HotspotHistoryPage>(sut.url, `/api/hotspots/history?scope=${VILLAGE}`);
    const row = hist.body.items.find((h) => h.id === id)!;
    expect(row.clearedAt).not.toBeNull();
    expect(Date.parse(row.clearedAt!)).toBeGreaterThan(TEST_NOW);
    expect(Date.parse(row.clearedAt!)).toBeLessThanOrEqual(TEST_NOW + 30 * HOUR_MS);
  });
});
