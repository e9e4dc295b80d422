/**
 * Who may see what (api.md §4): every role against every endpoint and socket request kind,
 * sign-in, tokens and revocation, and a reporter's data never reaching a wall token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type CaseEvent, type ClientToServerEvents, type ServerToClientEvents } from '@gridwall/shared';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { postEvents, startTestApp, type TestApp, type TestTokens } from '../backend/src/testing/test-app';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type RoleName = keyof TestTokens | 'none' | 'bogus';

const T0 = Date.parse('2026-11-21T10:00:00+08:00');
const SECRET = { name: '王小明', phone: '13812345678', description: '举报人家住三号楼，联系人隐私勿外传' };
const ZHONGYUAN_CASE = 'R-ZY-1';
const JINSHUI_CASE = 'R-JS-1';

function lifecycle(caseId: string, gridCode: string): CaseEvent[] {
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: '2026-11-21T08:00:00+08:00',
      gridCode,
      category: 'illegal_business',
      source: 'citizen',
      title: '无证炒货作坊',
      description: SECRET.description,
      reporter: { name: SECRET.name, phone: SECRET.phone },
      location: { lng: 113.62, lat: 34.75 },
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: '2026-11-21T08:05:00+08:00' },
    {
      eventId: `${caseId}-d`,
      caseId,
      type: 'dispatched',
      at: '2026-11-21T08:10:00+08:00',
      handlerLevel: 'district',
      departmentCode: 'city.scjg',
    },
    {
      eventId: `${caseId}-e`,
      caseId,
      type: 'escalated',
      at: '2026-11-21T08:20:00+08:00',
      toLevel: 'city',
      jointMeeting: true,
      reason: '多部门联合执法',
    },
  ];
}

describe('roles and access', () => {
  const db = sqliteDatabase();
  let sut: TestApp;
  const token = (role: RoleName): string | undefined =>
    role === 'none' ? undefined : role === 'bogus' ? 'not-a-token' : sut.tokens[role];
  const call = async (role: RoleName, method: string, path: string, body?: unknown) => {
    const t = token(role);
    const res = await fetch(`${sut.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(T0) });
    const events = [...lifecycle(ZHONGYUAN_CASE, '410102001002001'), ...lifecycle(JINSHUI_CASE, '410105001003001')];
    expect((await postEvents(sut.url, { events })).status).toBe(202);
  });

  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  const READ = ['wall', 'leader', 'district', 'admin'] as const;
  const ALL: RoleName[] = ['none', 'bogus', 'ingest', 'wall', 'leader', 'district', 'admin'];
  const matrix: [string, string, readonly RoleName[], unknown?][] = [
    ['GET', '/api/areas?parent=410100', READ],
    ['GET', '/api/departments', READ],
    ['GET', '/api/stats?scope=410100&period=day', READ],
    ['GET', '/api/stats/categories?scope=410100&period=day', READ],
    ['GET', '/api/stats/trend?scope=410100&period=day', READ],
    ['GET', '/api/rankings?tier=district&scope=410100&period=day', READ],
    ['GET', '/api/overdue?scope=410100', READ],
    ['GET', '/api/hotspots?scope=410100', READ],
    ['GET', '/api/alerts?scope=410100', READ],
    ['GET', '/api/hotspots/history?scope=410102', READ],
    ['GET', '/api/admin/webhooks', ['admin']],
    ['GET', `/api/cases/${ZHONGYUAN_CASE}`, ['leader', 'district', 'admin']],
    ['GET', `/api/cases/${JINSHUI_CASE}`, ['leader', 'admin']],
    ['GET', '/api/meeting?scope=410100', ['leader', 'admin']],
    ['GET', '/api/meeting?scope=410102', ['leader', 'district', 'admin']],
    ['GET', '/api/admin/users', ['admin']],
    ['GET', '/api/admin/tokens', ['admin']],
    ['GET', '/api/admin/audit', ['admin']],
    ['GET', '/api/admin/config', ['admin']],
    ['GET', '/api/auth/me', ['ingest', 'wall', 'leader', 'district', 'admin']],
    [
      'POST',
      '/api/events',
      ['ingest'],
      { eventId: 'M-1-a', caseId: 'M-1', type: 'accepted', at: '2026-11-21T09:00:00+08:00' },
    ],
  ];

  for (const [method, path, allowed, body] of matrix) {
    it(`${method} ${path}: ${allowed.join(', ')} only`, async () => {
      for (const role of ALL) {
        const res = await call(role, method, path, body);
        const expected = allowed.includes(role) ? 'ok' : role === 'none' || role === 'bogus' ? 401 : 403;
        if (expected === 'ok') expect(res.status, `${role}: ${res.text}`).toBeLessThan(300);
        else {
          expect(res.status, `${role}`).toBe(expected);
          expect(res.json).toMatchObject({ statusCode: expected, message: expect.any(String) });
          expect(Object.keys(res.json).sort()).toEqual(['error', 'message', 'statusCode']);
        }
      }
    });
  }

  it('leaves /api/health public and answers 400 naming a bad parameter', async () => {
    expect((await call('none', 'GET', '/api/health')).status).toBe(200);
    expect((await call('wall', 'GET', '/api/stats?scope=410100&period=decade')).json.message).toMatch(/^period: /);
    expect((await call('wall', 'GET', '/api/rankings?tier=planet&scope=410100')).json.message).toMatch(/^tier: /);
    expect((await call('wall', 'GET', '/api/overdue?scope=410100&limit=0')).json.message).toMatch(/^limit: /);
    // Non-numeric values are a 400 naming the parameter, never a 500.
    for (const [role, path] of [
      ['admin', '/api/admin/audit?limit=abc'],
      ['wall', '/api/overdue?scope=410100&limit=abc'],
      ['wall', '/api/hotspots/history?limit=abc'],
      ['wall', '/api/rankings/history?kind=week&limit=1e999'],
    ] as const) {
      const res = await call(role, 'GET', path);
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(res.json.message, path).toMatch(/limit/);
    }
    expect((await call('leader', 'GET', '/api/cases/bad%20id')).json.message).toMatch(/^caseId: /);
    expect((await call('leader', 'GET', '/api/cases/NOPE')).status).toBe(404);
  });

  it('shows leaders the timeline with the phone masked, and refuses a district user another district', async () => {
    const res = await call('leader', 'GET', `/api/cases/${ZHONGYUAN_CASE}`);
    expect(res.json).toMatchObject({
      caseId: ZHONGYUAN_CASE,
      jointMeeting: true,
      reporter: { name: SECRET.name, phone: '138****5678' },
    });
    expect(res.text).not.toContain(SECRET.phone);
    expect((res.json.timeline as unknown[]).length).toBe(4);
    const other = await call('district', 'GET', `/api/cases/${JINSHUI_CASE}`);
    expect(other.status).toBe(403);
    expect(other.text).not.toContain(SECRET.name);
    const agenda = await call('district', 'GET', '/api/meeting?scope=410102');
    expect(agenda.json).toMatchObject({
      total: 1,
      items: [{ caseId: ZHONGYUAN_CASE, departments: [{ code: 'city.scjg' }] }],
    });
  });

  const connect = (role: RoleName) =>
    io(`${sut.url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: token(role) ? { token: token(role) } : {},
    }) as Client;
  const once = <T>(socket: Client, event: string) =>
    new Promise<T>((resolve) => socket.once(event as never, resolve as never));

  it('refuses sockets without a valid token (401) and ingest keys (403) at the handshake', async () => {
    for (const [role, code] of [
      ['none', 401],
      ['bogus', 401],
      ['ingest', 403],
    ] as const) {
      const s = connect(role);
      const err = await once<Error & { data?: { statusCode: number } }>(s, 'connect_error');
      expect(err.data?.statusCode, role).toBe(code);
      s.close();
    }
  });

  it('lets every reading role subscribe to aggregates anywhere, and case details only where allowed', async () => {
    for (const role of READ) {
      const s = connect(role);
      s.emit('subscribe', { scope: '410105', period: 'day' });
      expect((await once<{ scope: string }>(s, 'snapshot')).scope).toBe('410105');
      s.emit('case-subscribe', { caseId: JINSHUI_CASE });
      const answer = await Promise.race([
        once<{ caseId: string }>(s, 'case'),
        once<{ statusCode: number }>(s, 'live-error'),
      ]);
      if (role === 'leader' || role === 'admin') expect(answer).toMatchObject({ caseId: JINSHUI_CASE });
      else expect(answer, role).toMatchObject({ statusCode: 403 });
      s.close();
    }
    const zy = connect('district');
    zy.emit('case-subscribe', { caseId: ZHONGYUAN_CASE });
    expect(await once(zy, 'case')).toMatchObject({ caseId: ZHONGYUAN_CASE });
    zy.close();
  });

  it('lets presenters (not walls) present, and walls get only the public view of the case', async () => {
    const wall = connect('wall');
    const wire: string[] = [];
    wall.onAny((_event, payload) => wire.push(JSON.stringify(payload)));
    wall.emit('subscribe', { scope: '410100', period: 'day' });
    await once(wall, 'snapshot');
    wall.emit('watch', { channel: '联席会议室' });
    await once(wall, 'presenting');
    wall.emit('present', { channel: '联席会议室', target: { kind: 'case', caseId: ZHONGYUAN_CASE } });
    expect(await once(wall, 'live-error')).toMatchObject({ statusCode: 403 });

    const leader = connect('leader');
    leader.emit('present', { channel: '联席会议室', target: { kind: 'case', caseId: ZHONGYUAN_CASE } });
    const shown = await once<{ case?: { caseId: string; status: string } }>(wall, 'presenting');
    expect(shown.case?.caseId).toBe(ZHONGYUAN_CASE);
    expect(shown.case?.status).toBe('open');
    // The presented case changes: the wall gets its new public view without a new presentation.
    const refreshed = once<{ case?: { status: string } }>(wall, 'presenting');
    // A new event reaches the wall's feed too; nothing it received names the reporter.
    await postEvents(sut.url, {
      eventId: `${ZHONGYUAN_CASE}-s`,
      caseId: ZHONGYUAN_CASE,
      type: 'resolved',
      at: '2026-11-21T09:50:00+08:00',
      note: '联系王小明核实',
    });
    expect((await refreshed).case?.status).toBe('resolved');
    await new Promise((r) => setTimeout(r, 600));
    const all = wire.join('\n');
    expect(all).toContain(ZHONGYUAN_CASE);
    for (const secret of [SECRET.name, SECRET.phone, '5678', SECRET.description, '联系王小明核实'])
      expect(all).not.toContain(secret);
    for (const path of [
      '/api/stats?scope=410100&period=day',
      '/api/overdue?scope=410100',
      '/api/rankings?tier=district&scope=410100',
    ]) {
      const res = await call('wall', 'GET', path);
      for (const secret of [SECRET.name, SECRET.phone, SECRET.description]) expect(res.text).not.toContain(secret);
    }
    wall.close();
    leader.close();
  });

  it('signs people in, rate-limits failures, revokes tokens and logs it all', async () => {
    const admin = (method: string, path: string, body?: unknown) => call('admin', method, path, body);
    expect(
      (
        await admin('POST', '/api/admin/users', {
          name: 'erqi-head',
          password: 'a-good-password',
          role: 'district',
          districtCode: '410103',
        })
      ).status,
    ).toBe(201);
    const login = async (password: string) =>
      fetch(`${sut.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'erqi-head', password }),
      });
    const ok = await login('a-good-password');
    expect(ok.status).toBe(200);
    const session = (await ok.json()) as { token: string; role: string };
    expect(session.role).toBe('district');
    const me = await fetch(`${sut.url}/api/auth/me`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(await me.json()).toMatchObject({ role: 'district', districtCode: '410103' });
    for (let i = 0; i < 5; i++) expect((await login('wrong')).status).toBe(401);
    expect((await login('a-good-password')).status).toBe(429);

    const created = (await admin('POST', '/api/admin/tokens', { kind: 'screen', label: '指挥中心一号屏' })).json as {
      token: string;
      view: { id: string };
    };
    const screen = io(`${sut.url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: created.token },
    }) as Client;
    screen.emit('subscribe', { scope: '410100', period: 'day' });
    await once(screen, 'snapshot');
    screen.close();
    expect((await admin('POST', `/api/admin/tokens/${created.view.id}/revoke`)).status).toBe(204);
    const revoked = await fetch(`${sut.url}/api/stats?scope=410100&period=day`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(revoked.status).toBe(401);

    const audit = (await admin('GET', '/api/admin/audit')).json as unknown as { action: string }[];
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['user-create', 'login', 'login-failed', 'login-throttled', 'token-create', 'token-revoke'])
      expect(actions).toContain(a);
  });

  it('validates configuration changes and applies them', async () => {
    const bad = await call('admin', 'PUT', '/api/admin/config', { weights: { resolutionRate: 0.9 } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/weights must sum to 1/);
    const unknown = await call('admin', 'PUT', '/api/admin/config', { colour: 'red' });
    expect(unknown.json.message).toMatch(/^colour: /);
    const ok = await call('admin', 'PUT', '/api/admin/config', { minCases: 1 });
    expect(ok.json).toMatchObject({ minCases: 1 });
    const rows = (
      (await call('wall', 'GET', '/api/rankings?tier=district&scope=410100&period=day')).json.rows as {
        code: string;
        rank: number | null;
      }[]
    ).filter((r) => r.rank !== null);
    // v2: minCases counts due cases; 410105's cases are not due yet, so it stays 样本不足.
    expect(rows.map((r) => r.code).sort()).toEqual(['410102']);

    // New time limits refold every case: a dispatch without its own deadline now gets 24 h.
    const before = (await call('leader', 'GET', `/api/cases/${ZHONGYUAN_CASE}`)).json;
    expect(before.deadline).toBe('2026-11-24T08:10:00.000+08:00');
    expect((await call('admin', 'PUT', '/api/admin/config', { timeLimitHours: { illegal_business: 24 } })).status).toBe(
      200,
    );
    const after = (await call('leader', 'GET', `/api/cases/${ZHONGYUAN_CASE}`)).json;
    expect(after.deadline).toBe('2026-11-22T08:10:00.000+08:00');
  });
});
