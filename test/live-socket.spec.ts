/**
 * End to end over real sockets: the real app on a loopback port, real socket.io-client
 * subscribers, events posted through the public ingest API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type CaseEvent,
  type ClientToServerEvents,
  roomIdOf,
  type Ack,
  type LiveError,
  type Patch,
  type ServerToClientEvents,
  type Snapshot,
} from '@gridwall/shared';
import { AuthService } from '../backend/src/auth/auth.service';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { openLiveClient, whenConnected } from './live-client';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const T0 = Date.parse('2026-11-21T10:00:00+08:00');
/** Screens use a wall token: what they receive is what any public screen receives. */
let wallToken = '';

const BURST_EVENT: CaseEvent = {
  eventId: 'B-r',
  caseId: 'B',
  type: 'reported',
  at: '2026-11-21T09:58:00+08:00',
  gridCode: '410105001003001',
  category: 'public_service',
  source: 'hotline',
  title: '路灯损坏',
};

/** A subscriber that records everything it receives. */
function subscriber(
  url: string,
  scope: string,
  token = wallToken,
): { socket: Client; snapshots: Snapshot[]; patches: Patch[]; ready: Promise<Snapshot> } {
  const socket: Client = io(`${url}${LIVE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, auth: { token } });
  const snapshots: Snapshot[] = [];
  const patches: Patch[] = [];
  const ready = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
  socket.on('snapshot', (s) => snapshots.push(s));
  socket.on('patch', (p) => patches.push(p));
  socket.on('connect', () => socket.emit('subscribe', { scope, period: 'day' }));
  return { socket, snapshots, patches, ready };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live socket end to end', () => {
  const db = sqliteDatabase();
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(T0) });
    wallToken = sut.tokens.wall;
  });

  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  it('patches the room of the event scope only, without reporter data, and resyncs on request', async () => {
    const zhongyuan = subscriber(sut.url, '410102');
    const jinshui = subscriber(sut.url, '410105');
    const [a, b] = await Promise.all([zhongyuan.ready, jinshui.ready]);
    expect(a.stats.reported).toBe(0);
    expect(b.stats.reported).toBe(0);

    const event: CaseEvent = {
      eventId: 'WS-1-r',
      caseId: 'WS-1',
      type: 'reported',
      at: '2026-11-21T09:59:00+08:00',
      gridCode: '410102001002001',
      category: 'illegal_business',
      source: 'citizen',
      title: '无证炒货作坊',
      description: '门口堆放大量易燃物，联系人隐私勿外传',
      reporter: { name: '王小明', phone: '13812345678' },
    };
    expect((await postEvents(sut.url, event)).status).toBe(202);

    const patch = await until(() => zhongyuan.patches.find((p) => p.stats?.reported === 1));
    expect(patch.seq).toBe(a.seq + 1);
    expect(patch.feed?.[0]).toMatchObject({
      caseId: 'WS-1',
      title: '无证炒货作坊',
      districtName: '中原区',
      status: 'reported',
    });
    const wire = JSON.stringify(zhongyuan.patches);
    for (const secret of ['王小明', '13812345678', '易燃物']) expect(wire).not.toContain(secret);

    // The other district's room saw no change (only heartbeats could come, and none is due yet).
    await new Promise((r) => setTimeout(r, 600));
    expect(jinshui.patches.filter((p) => p.stats || p.feed)).toEqual([]);

    // A client that saw a gap asks for a resync and gets a fresh snapshot with the current seq.
    zhongyuan.socket.emit('resync', { scope: '410102', period: 'day' });
    const fresh = await until(() => zhongyuan.snapshots[1]);
    expect(fresh.stats.reported).toBe(1);
    expect(fresh.seq).toBe(zhongyuan.patches[zhongyuan.patches.length - 1].seq);

    // A bad subscription gets a clear error naming the field.
    const err = new Promise((resolve) => zhongyuan.socket.once('live-error', resolve));
    zhongyuan.socket.emit('subscribe', { scope: '410102', period: 'decade' as never });
    expect(await err).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^period: must be one of/) });

    zhongyuan.socket.close();
    jinshui.socket.close();
  });

  it('carries exactly what the REST reads return', async () => {
    const s = subscriber(sut.url, '410102');
    const snap = await s.ready;
    const get = async (path: string): Promise<Record<string, unknown>> =>
      (await fetch(`${sut.url}${path}`, { headers: { authorization: `Bearer ${sut.tokens.wall}` } })).json() as never;
    const { asOf: _a, ...stats } = snap.stats;
    const { asOf: _b, ...restStats } = await get('/api/stats?scope=410102&period=day');
    expect(stats).toEqual(restStats);
    expect(snap.categories).toEqual(await get('/api/stats/categories?scope=410102&period=day'));
    expect(snap.trend).toEqual(await get('/api/stats/trend?scope=410102&period=day'));
    expect(snap.rankings).toEqual(await get('/api/rankings?tier=township&scope=410102&period=day'));
    expect(snap.overdue).toEqual(await get('/api/overdue?scope=410102'));
    s.socket.close();
  });

  it('coalesces a burst of events into at most 4 patches a second', async () => {
    const s = subscriber(sut.url, '410100');
    await s.ready;
    const arrivals: number[] = [];
    s.socket.on('patch', () => arrivals.push(performance.now()));
    for (let i = 0; i < 40; i++) {
      await postEvents(sut.url, { ...BURST_EVENT, eventId: `B-${i}-r`, caseId: `B-${i}` });
      await new Promise((r) => setTimeout(r, 40));
    }
    await until(() => (s.patches.some((p) => p.stats?.reported === 41) ? true : undefined));
    // The burst lasts about two seconds: several patches, never more than 4 in a second.
    expect(arrivals.length).toBeGreaterThanOrEqual(5);
    for (const t of arrivals) expect(arrivals.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(4);
    // Every event is in the figures, and seq never skipped.
    expect(s.patches.map((p) => p.seq)).toEqual(s.patches.map((_, i) => s.snapshots[0].seq + i + 1));
    s.socket.close();
  });

  it('disconnects a socket that floods subscribe/resync, and others are served meanwhile', async () => {
    const calm = subscriber(sut.url, '410100');
    await calm.ready;
    const flood = subscriber(sut.url, '410102');
    await flood.ready;
    const told = new Promise<unknown>((resolve) => flood.socket.once('live-error', resolve));
    const gone = new Promise<string>((resolve) => flood.socket.once('disconnect', resolve));
    for (let i = 0; i < 200; i++) flood.socket.emit('resync', { scope: '410102', period: 'day' });
    expect(await told).toMatchObject({ statusCode: 429 });
    expect(await gone).toBe('io server disconnect');
    calm.socket.emit('resync', { scope: '410100', period: 'day' });
    await until(() => calm.snapshots[1]);
    calm.socket.close();
  });

  it('sends a new snapshot after a reconnect', async () => {
    const s = subscriber(sut.url, '410100');
    await s.ready;
    s.socket.disconnect();
    s.socket.connect();
    const again = await until(() => s.snapshots[1]);
    expect(again.stats.reported).toBe(41);
    s.socket.close();
  });

  describe('requests with acknowledgements', () => {
    /** A connected socket that records every event it gets. */
    async function connected(token = wallToken): Promise<{ socket: Client; events: string[] }> {
      const socket = openLiveClient(sut.url, token);
      const events: string[] = [];
      socket.onAny((event: string) => events.push(event));
      await whenConnected(socket);
      return { socket, events };
    }

    it('answers each subscription in its own acknowledgement, naming the room the server chose', async () => {
      const { socket, events } = await connected();
      // Three requests in flight at once, one with the tier left to the server.
      const [city, district, township] = await Promise.all([
        socket.timeout(5000).emitWithAck('subscribe', { scope: '410100', period: 'day' }),
        socket.timeout(5000).emitWithAck('subscribe', { scope: '410102', period: 'week', tier: 'village' }),
        socket.timeout(5000).emitWithAck('subscribe', { scope: '410102001', period: 'day' }),
      ]);
      const data = (a: Ack<Snapshot>) => (a.ok ? a.data : expect.unreachable(a.error.message));
      expect(data(city).room).toBe(roomIdOf('410100', 'day', 'district'));
      expect(data(district).room).toBe(roomIdOf('410102', 'week', 'village'));
      expect(data(township).room).toBe(roomIdOf('410102001', 'day', 'village'));
      expect(data(city).stats.reported).toBe(41);
      // The answer came in the acknowledgement only, not again as an event.
      expect(events).not.toContain('snapshot');
      // Patches name their room too.
      const patch = new Promise<Patch>((resolve) => socket.once('patch', resolve));
      await postEvents(sut.url, { ...BURST_EVENT, eventId: 'ACK-r', caseId: 'ACK' });
      expect([data(city).room, data(district).room]).toContain((await patch).room);
      const left = await socket.timeout(5000).emitWithAck('unsubscribe', { scope: '410100', period: 'day' });
      expect(left).toEqual({ ok: true, data: { room: roomIdOf('410100', 'day', 'district') } });
      socket.close();
    });

    it('answers a bad request with a typed error in its acknowledgement, and nothing else', async () => {
      const { socket, events } = await connected();
      const bad = await socket.timeout(5000).emitWithAck('subscribe', { scope: '410102', period: 'decade' as never });
      expect(bad).toMatchObject({ ok: false, error: { statusCode: 400, message: expect.stringMatching(/^period: /) } });
      const unknown = await socket.timeout(5000).emitWithAck('subscribe', { scope: '999999', period: 'day' });
      expect(unknown).toMatchObject({
        ok: false,
        error: { statusCode: 400, message: expect.stringMatching(/^scope: /) },
      });
      const extra = await socket
        .timeout(5000)
        .emitWithAck('subscribe', { scope: '410102', period: 'day', colour: 'red' } as never);
      expect(extra).toMatchObject({ ok: false, error: { statusCode: 400 } });
      const notAllowed = await socket.timeout(5000).emitWithAck('case-subscribe', { caseId: 'B' });
      expect(notAllowed).toMatchObject({ ok: false, error: { statusCode: 403 } });
      expect(events).not.toContain('live-error');
      expect(socket.connected).toBe(true);
      socket.close();
    });

    it('tells a socket whose token was revoked why, and disconnects it without waiting for a request', async () => {
      const auth = sut.app.get(AuthService);
      const { token, view } = await auth.createToken('screen', '撤销测试屏', 'test');
      const { socket } = await connected(token);
      expect(await socket.timeout(5000).emitWithAck('subscribe', { scope: '410100', period: 'day' })).toMatchObject({
        ok: true,
      });
      const told = new Promise<LiveError>((resolve) => socket.once('live-error', resolve));
      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await auth.revoke(view.id, 'test');
      expect(await told).toMatchObject({ statusCode: 401 });
      expect(await gone).toBe('io server disconnect');
    });
  });
});
