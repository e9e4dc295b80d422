import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { HOUR_MS, toCityIso, type CaseEvent, type Category } from '@gridwall/shared';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { sqliteDatabase, type TestDatabase } from '../testing/databases';
import { postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { citizenReport } from '../testing/fixtures';
import { TEST_NOW } from '../testing/test-clock';
import { MeetingService, maskPhone } from './meeting.service';

const ZHONGYUAN = '410102001002001';
const JINSHUI = '410105001003001';
const iso = (hoursAgo: number) => toCityIso(TEST_NOW - hoursAgo * HOUR_MS);

/** A case reported and accepted `hoursAgo`, optionally escalated onto the joint-meeting agenda. */
function opened(
  caseId: string,
  hoursAgo: number,
  o: { grid?: string; category?: Category; joint?: boolean; extra?: CaseEvent[] } = {},
): CaseEvent[] {
  const events = [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: iso(hoursAgo + 1),
      gridCode: o.grid ?? ZHONGYUAN,
      category: o.category ?? 'illegal_business',
      source: 'patrol',
      title: `案件 ${caseId}`,
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(hoursAgo) },
  ] as CaseEvent[];
  if (o.joint !== undefined) {
    events.push({
      eventId: `${caseId}-e`,
      caseId,
      type: 'escalated',
      at: iso(hoursAgo - 1),
      toLevel: 'district',
      jointMeeting: o.joint,
    } as CaseEvent);
  }
  return [...events, ...(o.extra ?? [])];
}

/** The detail case: two dispatches to two departments, an escalation, a reporter; near due at T. */
const DETAIL: CaseEvent[] = [
  citizenReport('D-1', ZHONGYUAN, iso(50)),
  { eventId: 'D-1-a', caseId: 'D-1', type: 'accepted', at: iso(49) },
  {
    eventId: 'D-1-d1',
    caseId: 'D-1',
    type: 'dispatched',
    at: iso(48),
    handlerLevel: 'district',
    departmentCode: 'city.scjg',
  },
  // 2 h left of 32: within the last 20 %, so yellow.
  {
    eventId: 'D-1-d2',
    caseId: 'D-1',
    type: 'dispatched',
    at: iso(30),
    departmentCode: '410102.zj',
    deadline: toCityIso(TEST_NOW + 2 * HOUR_MS),
  },
  {
    eventId: 'D-1-e',
    caseId: 'D-1',
    type: 'escalated',
    at: iso(20),
    toLevel: 'city',
    jointMeeting: true,
    reason: '多部门联合执法',
  },
] as CaseEvent[];

describe(MeetingService.name, () => {
  let db: TestDatabase;
  let app: TestApp;
  let sut: MeetingService;
  const who: Record<'leader' | 'district' | 'admin' | 'wall', Principal> = {} as never;

  beforeAll(async () => {
    db = sqliteDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    sut = app.app.get(MeetingService);
    const auth = app.app.get(AuthService);
    for (const role of ['leader', 'district', 'admin', 'wall'] as const) {
      who[role] = (await auth.resolve(app.tokens[role]))!;
    }
    // The detail case arrives backwards, one event per request, the report last.
    for (const e of [...DETAIL].reverse()) expect((await postEvents(app.url, e)).status).toBe(202);
    // A 登封市 case reported with a point in 中原区: its pin must be flagged, not drawn as truth.
    expect((await postEvents(app.url, citizenReport('D-FAR', '410185001001001', iso(20)))).status).toBe(202);
    expect(
      (await postEvents(app.url, { ...citizenReport('D-NOLOC', ZHONGYUAN, iso(20)), location: undefined })).status,
    ).toBe(202);
    const cases = [
      // On the 中原区 agenda, oldest accepted first: J-OLD, D-1, J-RED.
      ...opened('J-OLD', 100, { category: 'urban_management', joint: true }),
      ...opened('J-RED', 30, { category: 'work_safety', joint: true }),
      // Joint, open, but in 金水区.
      ...opened('J-JS', 60, { grid: JINSHUI, joint: true }),
      // Not on any agenda: escalated without the meeting, resolved, closed, never accepted, open green.
      ...opened('X-NOJOINT', 80, { joint: false }),
      ...opened('X-RESOLVED', 90, {
        joint: true,
        extra: [{ eventId: 'X-RESOLVED-s', caseId: 'X-RESOLVED', type: 'resolved', at: iso(10) } as CaseEvent],
      }),
      ...opened('X-CLOSED', 95, {
        joint: true,
        extra: [
          { eventId: 'X-CLOSED-c', caseId: 'X-CLOSED', type: 'closed', at: iso(5), satisfaction: 'satisfied' },
        ] as CaseEvent[],
      }),
      ...opened('X-UNACCEPTED', 70, { joint: true }).filter((e) => e.type !== 'accepted'),
      ...opened('X-GREEN', 2),
      // An event whose report has not come.
      { eventId: 'X-ORPHAN-a', caseId: 'X-ORPHAN', type: 'accepted', at: iso(3) } as CaseEvent,
    ];
    expect((await postEvents(app.url, { events: cases })).status).toBe(202);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('caseDetail', () => {
    it('returns the whole timeline in fold order, however the events arrived, with department names', async () => {
      const d = await sut.caseDetail('D-1', who.leader);
      expect(d.timeline.map((t) => t.eventId)).toEqual(['D-1-r', 'D-1-a', 'D-1-d1', 'D-1-d2', 'D-1-e']);
      expect(d.timeline[2]).toEqual({
        eventId: 'D-1-d1',
        type: 'dispatched',
        at: iso(48),
        handlerLevel: 'district',
        departmentCode: 'city.scjg',
        departmentName: '市市场监督管理局',
      });
      expect(d.timeline[3]).toMatchObject({
        departmentName: '中原区住房和城乡建设局',
        deadline: toCityIso(TEST_NOW + 2 * HOUR_MS),
      });
      expect(d.timeline[4]).toMatchObject({ toLevel: 'city', jointMeeting: true, reason: '多部门联合执法' });
      expect(d.departments).toEqual([
        { code: 'city.scjg', name: '市市场监督管理局' },
        { code: '410102.zj', name: '中原区住房和城乡建设局' },
      ]);
    });

    it('shows the state as folded, the place from the district down, and masks the reporter’s phone', async () => {
      const d = await sut.caseDetail('D-1', who.leader);
      expect(d).toMatchObject({
        caseId: 'D-1',
        title: '无证炒货作坊扰民',
        category: 'illegal_business',
        source: 'citizen',
        status: 'open',
        handler: { level: 'city', departmentCode: '410102.zj', departmentName: '中原区住房和城乡建设局' },
        reportedAt: iso(50),
        acceptedAt: iso(49),
        deadline: toCityIso(TEST_NOW + 2 * HOUR_MS),
        resolvedAt: null,
        jointMeeting: true,
        description: '夜间生产噪音大',
        reporter: { name: '王某某', phone: '138****1234' },
        location: { lng: 113.62, lat: 34.75 },
        locationInDistrict: true,
      });
      expect(d.areaPath[0]).toMatchObject({ code: '410102', level: 'district' });
      expect(d.areaPath.at(-1)).toMatchObject({ code: ZHONGYUAN, level: 'cell' });
      expect(JSON.stringify(d)).not.toContain('13812341234');
    });

    it('flags a reported location outside the case’s own district', async () => {
      expect((await sut.caseDetail('D-FAR', who.leader)).locationInDistrict).toBe(false);
      expect(await sut.caseDetail('D-NOLOC', who.leader)).toMatchObject({ location: null, locationInDistrict: null });
    });

    it('gives state yellow near the deadline, red past it, green in time, null when not open', async () => {
      expect((await sut.caseDetail('D-1', who.leader)).state).toBe('yellow');
      expect((await sut.caseDetail('J-RED', who.leader)).state).toBe('red');
      expect((await sut.caseDetail('X-GREEN', who.leader)).state).toBe('green');
      const closed = await sut.caseDetail('X-CLOSED', who.admin);
      expect(closed).toMatchObject({ status: 'closed', state: null, satisfaction: 'satisfied', closedAt: iso(5) });
      expect((await sut.caseDetail('X-UNACCEPTED', who.leader)).state).toBeNull();
    });

    it('answers 404 for an unknown case and for one whose report has not come', async () => {
      await expect(sut.caseDetail('NO-SUCH-CASE', who.leader)).rejects.toBeInstanceOf(NotFoundException);
      await expect(sut.caseDetail('X-ORPHAN', who.leader)).rejects.toBeInstanceOf(NotFoundException);
    });

    it('lets a district user see its own district’s cases only, and a wall none (403)', async () => {
      expect((await sut.caseDetail('D-1', who.district)).caseId).toBe('D-1');
      expect((await sut.caseDetail('J-JS', who.leader)).areaPath[0].code).toBe('410105');
      await expect(sut.caseDetail('J-JS', who.district)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.caseDetail('D-1', who.wall)).rejects.toBeInstanceOf(ForbiddenException);
    });
  });

  describe('agenda', () => {
    it('lists the open joint-meeting cases of the scope only, oldest accepted first', async () => {
      const view = await sut.agenda('410102', who.leader);
      expect(view.scope).toBe('410102');
      expect(view.items.map((i) => i.caseId)).toEqual(['J-OLD', 'D-1', 'J-RED']);
      expect(view.total).toBe(3);
      const city = await sut.agenda('410100', who.leader);
      expect(city.items.map((i) => i.caseId)).toEqual(['J-OLD', 'J-JS', 'D-1', 'J-RED']);
    });

    it('describes each item: days open, deadline, state and every department', async () => {
      const [old, detail, red] = (await sut.agenda('410102', who.leader)).items;
      expect(old).toMatchObject({
        title: '案件 J-OLD',
        category: 'urban_management',
        daysOpen: 4,
        acceptedAt: iso(100),
        deadline: iso(52),
        state: 'red',
        handler: { level: 'district', departmentCode: null, departmentName: null },
      });
      expect(old.areaPath[0]).toEqual({ code: '410102', name: '中原区' });
      expect(detail).toMatchObject({ daysOpen: 2, state: 'yellow', deadline: toCityIso(TEST_NOW + 2 * HOUR_MS) });
      // Every department it was dispatched to (in no promised order; see caseDetail for the timeline).
      expect(detail.departments.map((d) => d.name).sort()).toEqual(
        ['中原区住房和城乡建设局', '市市场监督管理局'].sort(),
      );
      expect(red).toMatchObject({ daysOpen: 1, state: 'red', departments: [] });
    });

    it('honours the limit, still counting every case in total', async () => {
      const view = await sut.agenda('410102', who.leader, 2);
      expect(view.items.map((i) => i.caseId)).toEqual(['J-OLD', 'D-1']);
      expect(view.total).toBe(3);
    });

    it('gives a district user its own district and the areas in it, nothing else (403)', async () => {
      expect((await sut.agenda('410102', who.district)).total).toBe(3);
      expect((await sut.agenda('410102001', who.district)).items.map((i) => i.caseId)).toContain('D-1');
      await expect(sut.agenda('410105', who.district)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.agenda('410100', who.district)).rejects.toBeInstanceOf(ForbiddenException);
      expect((await sut.agenda('410105', who.leader)).items.map((i) => i.caseId)).toEqual(['J-JS']);
    });

    it('answers 404 for an unknown scope', async () => {
      await expect(sut.agenda('999999', who.leader)).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('openCases', () => {
    it('lists every open case of a scope worst first, by state, paged, without reporter data', () => {
      const all = sut.openCases('410102', who.leader, 'all', 500, 0);
      const ids = all.items.map((i) => i.caseId);
      for (const id of ['D-1', 'J-OLD', 'J-RED', 'X-NOJOINT', 'X-GREEN']) expect(ids).toContain(id);
      for (const id of ['J-JS', 'X-RESOLVED', 'X-CLOSED', 'X-UNACCEPTED', 'D-FAR']) expect(ids).not.toContain(id);
      expect(all.total).toBe(ids.length);
      expect(all.totals.red + all.totals.yellow + all.totals.green).toBe(all.total);
      // Worst first: deadlines never decrease; the most overdue heads the list.
      const deadlines = all.items.map((i) => (i.deadline === null ? Infinity : Date.parse(i.deadline)));
      for (let i = 1; i < deadlines.length; i++) expect(deadlines[i]).toBeGreaterThanOrEqual(deadlines[i - 1]);
      expect(all.items[0].state).toBe('red');
      expect(all.items.find((i) => i.caseId === 'D-1')).toMatchObject({
        state: 'yellow',
        deadline: toCityIso(TEST_NOW + 2 * HOUR_MS),
        overdueHours: -2,
      });
      const red = sut.openCases('410102', who.leader, 'red', 500, 0);
      expect(red.items.every((i) => i.state === 'red')).toBe(true);
      expect(red.total).toBe(all.totals.red);
      expect(red.items.map((i) => i.caseId)).toContain('J-RED');
      expect(sut.openCases('410102', who.leader, 'green', 500, 0).items.map((i) => i.caseId)).toContain('X-GREEN');
      // Pages follow on from each other.
      const p1 = sut.openCases('410102', who.leader, 'all', 2, 0);
      const p2 = sut.openCases('410102', who.leader, 'all', 2, 2);
      expect([...p1.items, ...p2.items].map((i) => i.caseId)).toEqual(ids.slice(0, 4));
      expect(JSON.stringify(all)).not.toMatch(/王某某|13812341234|夜间生产噪音大/);
    });

    it('keeps a district user in its district (403) and checks its query over HTTP (400)', async () => {
      expect(sut.openCases('410102001', who.district, 'all', 20, 0).total).toBeGreaterThan(0);
      expect(() => sut.openCases('410105', who.district, 'all', 20, 0)).toThrow(ForbiddenException);
      expect(sut.openCases('410105', who.leader, 'all', 20, 0).items.map((i) => i.caseId)).toEqual(['J-JS']);
      const get = (q: string, token = app.tokens.leader) =>
        fetch(`${app.url}/api/cases${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get('?scope=410102&state=red&limit=5')).status).toBe(200);
      expect((await get('?scope=410102', app.tokens.wall)).status).toBe(403);
      for (const q of ['?state=purple', '?limit=0', '?offset=-1', '?limit=abc', '?colour=red']) {
        const res = await get(q);
        expect(res.status, q).toBe(400);
      }
    });
  });

  describe('maskPhone', () => {
    it('keeps the first three and last four digits of a mobile number', () => {
      expect(maskPhone('13812341234')).toBe('138****1234');
      expect(maskPhone('138 1234 1234')).toBe('138****1234');
    });

    it('masks longer numbers in the middle and short ones entirely', () => {
      expect(maskPhone('037167891234')).toBe('037*****1234');
      expect(maskPhone('1234567')).toBe('123****4567');
      expect(maskPhone('110')).toBe('***');
      expect(maskPhone('')).toBe('');
    });
  });
});
