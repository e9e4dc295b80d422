import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  DAY_MS,
  HOUR_MS,
  periodKeyOf,
  periodRange,
  toCityIso,
  type CaseEvent,
  type HotspotView,
  type NotificationBody,
  type WebhookCreated,
  type WebhookList,
} from '@gridwall/shared';
import { AssessmentsService } from '../assessments/assessments.service';
import { ManualClock } from '../common/clock';
import { HOTSPOT_RAISED } from '../hotspots/hotspots.events';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import { NotificationSources } from './notification-sources.service';
import { BACKOFF_BASE_MS, OutboxService } from './outbox.service';
import { runWebhooksCli } from './webhooks.cli';

const SECRET = 'test-secret-0123456789';
const PRIVATE = { name: '钱某某', phone: '13700002222', description: '举报人电话勿外传，住三单元' };

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A real HTTP receiver on a loopback port that can be "down" (answers 500). */
function receiver(): Promise<{ server: Server; url: string; log: Received[]; setDown(down: boolean): void }> {
  const log: Received[] = [];
  let down = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = down ? 500 : 200;
      log.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.statusCode = answered;
      res.setHeader('content-type', 'application/json');
      res.end(down ? '{"error":"down"}' : '{"errcode":0,"errmsg":"ok"}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, log, setDown: (d) => (down = d) });
    }),
  );
}

const T = TEST_NOW;
const at = (ms: number) => toCityIso(ms);

/** A citizen's case escalated to the city and put on the joint-meeting agenda 10 minutes ago. */
function escalatedCase(caseId: string): CaseEvent[] {
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: at(T - 60 * 60_000),
      gridCode: '410102001002001',
      category: 'illegal_production',
      source: 'citizen',
      title: '无证小作坊生产',
      description: PRIVATE.description,
      reporter: { name: PRIVATE.name, phone: PRIVATE.phone },
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: at(T - 50 * 60_000) },
    { eventId: `${caseId}-d`, caseId, type: 'dispatched', at: at(T - 40 * 60_000), handlerLevel: 'district' },
    {
      eventId: `${caseId}-e`,
      caseId,
      type: 'escalated',
      at: at(T - 10 * 60_000),
      toLevel: 'city',
      jointMeeting: true,
      reason: '多部门联合执法',
    },
  ];
}

describe.each(databaseKinds())('webhooks (督办推送) on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const clock = new ManualClock(T);
  let jsonHook: WebhookCreated;
  const admin = (method: string, path: string, body?: unknown, token = sut.tokens.admin) =>
    fetch(`${sut.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const deliver = async () => {
    await sut.app.get(NotificationSources).settled();
    return sut.app.get(OutboxService).deliverDue();
  };

  beforeAll(async () => {
    db = await createDatabase(kind);
    rx = await receiver();
    sut = await startTestApp({ databaseUrl: db.url, clock });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
    rx?.server.close();
  });

  it('lets only admins configure webhooks, and validates them', async () => {
    for (const role of ['wall', 'leader', 'district'] as const)
      expect((await admin('GET', '/api/admin/webhooks', undefined, sut.tokens[role])).status).toBe(403);
    const badUrl = await admin('POST', '/api/admin/webhooks', { url: 'ftp://example.org/x', kinds: ['case.red'] });
    expect(badUrl.status).toBe(400);
    expect(((await badUrl.json()) as { message: string }).message).toContain('url');
    const badKind = await admin('POST', '/api/admin/webhooks', { url: `${rx.url}/x`, kinds: ['case.blue'] });
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { message: string }).message).toContain('kinds');
    const extra = await admin('POST', '/api/admin/webhooks', { url: `${rx.url}/x`, kinds: ['case.red'], colour: 1 });
    expect(extra.status).toBe(400);
    const res = await admin('POST', '/api/admin/webhooks', {
      url: `${rx.url}/json`,
      kinds: ['case.red', 'case.escalated_city', 'case.joint_meeting', 'hotspot.raised', 'assessment.red_card'],
      secret: SECRET,
      label: '指挥中心接收端',
    });
    expect(res.status).toBe(201);
    jsonHook = (await res.json()) as WebhookCreated;
    expect(jsonHook.secret).toBe(SECRET);
    const wecom = await admin('POST', '/api/admin/webhooks', {
      url: `${rx.url}/wecom?key=abcdef123456`,
      kinds: ['case.escalated_city'],
      format: 'wecom',
    });
    expect(wecom.status).toBe(201);
    expect(((await wecom.json()) as WebhookCreated).secret).toMatch(/^[0-9a-f]{64}$/);
    const list = (await (await admin('GET', '/api/admin/webhooks')).json()) as WebhookList;
    expect(list.items).toHaveLength(2);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(JSON.stringify(list)).not.toContain('abcdef123456');
    expect(list.items.find((w) => w.format === 'wecom')!.url).toContain('key=****3456');
  });

  it('delivers through an outage and a restart: signed, retried with backoff, one id per notification', async () => {
    await sut.app.get(OutboxService).refresh();
    rx.setDown(true);
    expect((await postEvents(sut.url, { events: escalatedCase('W-1') })).status).toBe(202);
    // Down: three notifications (escalated to the city ×2 webhooks, joint meeting ×1) fail.
    // (The outbox's own loop runs too; the receiver's log is what counts.)
    await deliver();
    expect(rx.log.filter((r) => r.answered === 500)).toHaveLength(3);
    // Not due again before the backoff.
    clock.set(T + BACKOFF_BASE_MS - 1);
    await deliver();
    expect(rx.log).toHaveLength(3);
    clock.set(T + BACKOFF_BASE_MS);
    await deliver();
    expect(rx.log).toHaveLength(6);
    // The second retry waits twice as long; the app is restarted meanwhile.
    clock.set(T + 2 * BACKOFF_BASE_MS);
    await deliver();
    expect(rx.log).toHaveLength(6);
    await sut.close();
    rx.setDown(false);
    sut = await startTestApp({ databaseUrl: db.url, clock });
    clock.set(T + 3 * BACKOFF_BASE_MS);
    await deliver();
    await deliver();
    expect(rx.log).toHaveLength(9);

    const ok = rx.log.filter((r) => r.answered === 200);
    expect(ok).toHaveLength(3);
    // Nothing lost, nothing sent twice under different ids: each notification has one key
    // (the same for every webhook it goes to), the same in its three attempts, with the same body.
    expect(new Set(rx.log.map((r) => r.headers['idempotency-key'])).size).toBe(2);
    const byKey = new Map<string, Received[]>();
    for (const r of rx.log) {
      const key = `${r.path.split('?')[0]}|${String(r.headers['idempotency-key'])}`;
      byKey.set(key, [...(byKey.get(key) ?? []), r]);
    }
    expect(byKey.size).toBe(3);
    for (const attempts of byKey.values()) {
      expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    }
    const json = ok.filter((r) => r.path === '/json');
    expect(json.map((r) => JSON.parse(r.body).kind).sort()).toEqual(['case.escalated_city', 'case.joint_meeting']);
    for (const r of json) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      expect(r.headers['x-gridwall-signature']).toBe(expected);
      expect(Number(r.headers['x-gridwall-timestamp'])).toBeGreaterThan(0);
      const body = JSON.parse(r.body) as NotificationBody;
      expect(body.id).toBe(r.headers['idempotency-key']);
      expect(body.data.caseId).toBe('W-1');
    }
    const wecom = ok.find((r) => r.path.startsWith('/wecom'))!;
    const msg = JSON.parse(wecom.body) as { msgtype: string; markdown: { content: string } };
    expect(msg.msgtype).toBe('markdown');
    expect(msg.markdown.content).toContain('上报市级');
    for (const r of rx.log) for (const s of Object.values(PRIVATE)) expect(r.body).not.toContain(s);
    // A repeat of the same events (another instance, a replay) makes no new notification.
    await sut.app.get(NotificationSources).settled();
    const list = (await (await admin('GET', '/api/admin/webhooks')).json()) as WebhookList;
    expect(list.items.map((w) => `${w.format} ${w.delivered} ${w.pending}`).sort()).toEqual(['json 2 0', 'wecom 1 0']);
  });

  it('notifies an open case that passed its deadline, once, from the stored instant on', async () => {
    const sources = sut.app.get(NotificationSources);
    const now = clock.now();
    const before = rx.log.length;
    await sources.scanOverdue();
    const events: CaseEvent[] = [
      { ...(escalatedCase('R-1')[0] as CaseEvent), eventId: 'R-1-r', caseId: 'R-1', at: at(now - HOUR_MS) },
      { eventId: 'R-1-a', caseId: 'R-1', type: 'accepted', at: at(now - 50 * 60_000) },
      {
        eventId: 'R-1-d',
        caseId: 'R-1',
        type: 'dispatched',
        at: at(now - 40 * 60_000),
        handlerLevel: 'township',
        deadline: at(now + 60_000),
      },
    ];
    expect((await postEvents(sut.url, { events })).status).toBe(202);
    expect(await sources.scanOverdue()).toBe(0);
    clock.set(now + 5 * 60_000);
    expect(await sources.scanOverdue()).toBe(1);
    expect(await sources.scanOverdue()).toBe(0);
    await deliver();
    const red = rx.log.slice(before).map((r) => JSON.parse(r.body) as NotificationBody);
    expect(red.map((b) => b.kind)).toEqual(['case.red']);
    expect(red[0].data.caseId).toBe('R-1');
    expect(red[0].lines.join('\n')).toContain('已超期');
  });

  it('notifies raised hotspots and red cards of issued assessments', async () => {
    const events = sut.app.get(EventEmitter2);
    const before = rx.log.length;
    const view = {
      id: '42',
      unit: { code: '410102001', name: '测试街道', level: 'township' },
      areaPath: [{ code: '410102', name: '中原区' }],
      category: 'illegal_business',
      windowHours: 24,
      windowCount: 14,
      expected: 3,
      ratio: 4.7,
      tailProbability: 1e-7,
      trigger: { hours: 4, count: 9, expected: 1, tailProbability: 1e-8, threshold: 1e-6 },
      since: toCityIso(clock.now()),
      peakCount: 14,
      peakAt: toCityIso(clock.now()),
      openCases: 12,
      openCaseIds: ['A', 'B'],
      trend: { from: toCityIso(clock.now()), hourly: [], expected: [] },
    } satisfies HotspotView;
    events.emit(HOTSPOT_RAISED, { view });
    events.emit(HOTSPOT_RAISED, { view });
    // A week two weeks back in which every case of a district went overdue: red cards.
    const week = periodRange('week', T - 14 * DAY_MS);
    const cases: CaseEvent[] = [];
    for (let i = 0; i < 6; i++) {
      const id = `AS-${i}`;
      cases.push(
        {
          eventId: `${id}-r`,
          caseId: id,
          type: 'reported',
          at: at(week.from + HOUR_MS),
          gridCode: '410102001002001',
          category: 'work_safety',
          source: 'patrol',
          title: '消防通道堵塞',
        },
        { eventId: `${id}-a`, caseId: id, type: 'accepted', at: at(week.from + 2 * HOUR_MS) },
      );
    }
    expect((await postEvents(sut.url, { events: cases })).status).toBe(202);
    await sut.app.get(AssessmentsService).issueDue();
    const sources = sut.app.get(NotificationSources);
    const period = periodKeyOf('week', week.from);
    expect(await sources.redCards({ kind: 'week', period, version: 1, issuedAt: week.to + HOUR_MS })).toBeGreaterThan(
      0,
    );
    await deliver();
    const got = rx.log.slice(before).map((r) => JSON.parse(r.body) as NotificationBody);
    expect(got.filter((b) => b.kind === 'hotspot.raised')).toHaveLength(1);
    expect(got.find((b) => b.kind === 'hotspot.raised')!.lines.join('\n')).toContain('近24小时 14 件，常态约 3 件');
    const cards = got.filter(
      (b) => b.kind === 'assessment.red_card' && (b.data.assessment as { period: string }).period === period,
    );
    expect(cards.length).toBeGreaterThan(0);
    const district = cards.find((b) => b.data.tier === 'district')!;
    expect((district.data.units as { code: string }[]).map((u) => u.code)).toContain('410102');
  });

  it('the admin CLI lists, adds and removes webhooks', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const env = { ...process.env, DATABASE_URL: db.url, DEMO: 'off', LOG_LEVEL: 'error' };
    let codes: number[];
    try {
      codes = [
        await runWebhooksCli(
          ['add', '--url', `${rx.url}/cli`, '--kinds', 'case.red,hotspot.raised', '--label', 'cli'],
          'cli:test',
          env,
        ),
        await runWebhooksCli(['list'], 'cli:test', env),
      ];
      const id = /added webhook ([0-9a-f-]{36})/.exec(out.join(''))![1];
      codes.push(await runWebhooksCli(['remove', id], 'cli:test', env));
      codes.push(await runWebhooksCli(['frobnicate'], 'cli:test', env));
    } finally {
      process.stdout.write = write;
    }
    expect(codes).toEqual([0, 0, 0, 2]);
    const text = out.join('');
    expect(text).toContain('secret (shown once)');
    expect(text).toContain('\tcli\tjson\tcase.red,hotspot.raised\t');
    expect(text).toContain('webhooks list');
    const list = (await (await admin('GET', '/api/admin/webhooks')).json()) as WebhookList;
    expect(list.items.map((w) => w.label)).not.toContain('cli');
    const del = await admin('DELETE', `/api/admin/webhooks/${jsonHook.webhook.id}`);
    expect(del.status).toBe(204);
    expect((await admin('DELETE', `/api/admin/webhooks/${jsonHook.webhook.id}`)).status).toBe(404);
  });
});
