/**
 * The bounds of an open `/live` socket, over real sockets against the real app: a credential that
 * ends (revoked, signed out, user disabled, expired) ends its open sockets within seconds, and
 * one socket, one credential and a client that stops reading each hold a bounded share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  PERIODS,
  type Ack,
  type ClientToServerEvents,
  type LiveError,
  type ServerToClientEvents,
} from '@gridwall/shared';
import { AuthService, SESSION_MS } from '../backend/src/auth/auth.service';
import type { ManualClock } from '../backend/src/common/clock';
import { LiveGateway } from '../backend/src/live/live.gateway';
import {
  buffered,
  MAX_ROOMS_PER_SOCKET,
  MAX_SOCKETS_PER_CREDENTIAL,
  SLOW_CONSUMER_MESSAGES,
} from '../backend/src/live/socket/socket-limits';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { TEST_NOW } from '../backend/src/testing/test-clock';
import { openLiveClient, whenConnected } from './live-client';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const SCOPES = ['410100', '410102', '410105', '410103'];
/** Distinct live rooms: every scope × period. */
const ROOMS = SCOPES.flatMap((scope) => PERIODS.map((period) => ({ scope, period })));

/** What one socket went through. */
interface Watched {
  socket: Client;
  errors: LiveError[];
  patches: number;
  gone: Promise<{ reason: string; at: number }>;
}

async function connect(url: string, token: string): Promise<Watched> {
  const socket = openLiveClient(url, token);
  const w: Watched = {
    socket,
    errors: [],
    patches: 0,
    gone: new Promise((resolve) => socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() }))),
  };
  socket.on('live-error', (e) => w.errors.push(e));
  socket.on('patch', () => (w.patches += 1));
  await whenConnected(socket);
  return w;
}

async function subscribe(socket: Client, room: { scope: string; period: string }): Promise<Ack<unknown>> {
  return socket.timeout(5000).emitWithAck('subscribe', room as never);
}

async function login(url: string, name: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'socket-test-pw' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Resolves with the disconnect if it comes within `ms`, else with null. */
function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
}

describe('socket credentials and bounds', () => {
  const db = sqliteDatabase();
  let sut: TestApp;
  let auth: AuthService;
  let users = 0;

  /** A fresh user of a reading role; returns its id and a signed-in session token. */
  const newUser = async (): Promise<{ id: string; token: string }> => {
    const name = `sock-user-${++users}`;
    const user = await auth.createUser(name, 'socket-test-pw', 'leader', null, 'test');
    return { id: user.id, token: await login(sut.url, name) };
  };

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url });
    auth = sut.app.get(AuthService);
  });

  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  describe('credentials that end', () => {
    it('ends the open socket of a revoked screen token within 2 s, telling it why, and sends it nothing more', async () => {
      const { token, view } = await auth.createToken('screen', '撤销测试屏', 'test');
      const screen = await connect(sut.url, token);
      const other = await connect(sut.url, sut.tokens.wall);
      expect(await subscribe(screen.socket, { scope: '410102', period: 'day' })).toMatchObject({ ok: true });
      expect(await subscribe(other.socket, { scope: '410102', period: 'day' })).toMatchObject({ ok: true });
      const revokedAt = Date.now();
      await auth.revoke(view.id, 'test');
      const gone = await within(screen.gone, 2000);
      expect(gone?.reason).toBe('io server disconnect');
      expect(gone!.at - revokedAt).toBeLessThan(2000);
      expect(screen.errors).toEqual([{ statusCode: 401, message: expect.stringMatching(/revoked/) }]);

      // The room goes on for the other screen; the ended one gets nothing.
      await postEvents(sut.url, {
        eventId: 'SC-1-r',
        caseId: 'SC-1',
        type: 'reported',
        at: new Date(TEST_NOW - 60_000).toISOString(),
        gridCode: '410102001002001',
        category: 'urban_management',
        source: 'patrol',
        title: '道路破损',
      });
      const start = Date.now();
      while (other.patches === 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
      expect(other.patches).toBeGreaterThan(0);
      expect(screen.patches).toBe(0);
      expect(other.socket.connected).toBe(true);
      other.socket.close();
    });

    it('ends the socket of a session that signs out', async () => {
      const { token } = await newUser();
      const tablet = await connect(sut.url, token);
      const res = await fetch(`${sut.url}/api/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(204);
      expect((await within(tablet.gone, 2000))?.reason).toBe('io server disconnect');
      expect(tablet.errors).toEqual([{ statusCode: 401, message: expect.stringMatching(/signed out/) }]);
    });

    it('ends every socket of a user who is disabled, and only theirs', async () => {
      const user = await newUser();
      const second = await login(sut.url, `sock-user-${users}`);
      const bystander = await newUser();
      const mine = [await connect(sut.url, user.token), await connect(sut.url, second)];
      const theirs = await connect(sut.url, bystander.token);
      await auth.disableUser(user.id, 'test');
      for (const s of mine) {
        expect((await within(s.gone, 2000))?.reason).toBe('io server disconnect');
        expect(s.errors[0]).toEqual({ statusCode: 401, message: expect.stringMatching(/disabled/) });
      }
      expect(theirs.socket.connected).toBe(true);
      expect(await subscribe(theirs.socket, { scope: '410100', period: 'day' })).toMatchObject({ ok: true });
      theirs.socket.close();
    });

    it('ends the socket of a session at its expiry', async () => {
      const clock = sut.clock as ManualClock;
      const { token } = await newUser();
      // The session was signed in at T; the server's time is now one second before its end.
      clock.set(TEST_NOW + SESSION_MS - 1000);
      try {
        const tablet = await connect(sut.url, token);
        expect(await within(tablet.gone, 500)).toBeNull();
        expect((await within(tablet.gone, 3000))?.reason).toBe('io server disconnect');
        expect(tablet.errors).toEqual([{ statusCode: 401, message: expect.stringMatching(/expired/) }]);
      } finally {
        clock.set(TEST_NOW);
      }
    });
  });

  describe('bounds', () => {
    it(`refuses subscribe number ${MAX_ROOMS_PER_SOCKET + 1} of a socket with 429, and keeps the first ${MAX_ROOMS_PER_SOCKET}`, async () => {
      const s = await connect(sut.url, sut.tokens.wall);
      for (const room of ROOMS.slice(0, MAX_ROOMS_PER_SOCKET)) {
        expect(await subscribe(s.socket, room)).toMatchObject({ ok: true });
      }
      const refused = await subscribe(s.socket, ROOMS[MAX_ROOMS_PER_SOCKET]);
      expect(refused).toEqual({
        ok: false,
        error: { statusCode: 429, message: expect.stringContaining(`at most ${MAX_ROOMS_PER_SOCKET} rooms`) },
      });
      expect(s.socket.connected).toBe(true);
      // A room already held is still served, and leaving one makes room for another.
      expect(await subscribe(s.socket, ROOMS[0])).toMatchObject({ ok: true });
      await s.socket.timeout(5000).emitWithAck('unsubscribe', ROOMS[1] as never);
      expect(await subscribe(s.socket, ROOMS[MAX_ROOMS_PER_SOCKET])).toMatchObject({ ok: true });
      s.socket.close();
    });

    it(`refuses socket number ${MAX_SOCKETS_PER_CREDENTIAL + 1} of one token at the handshake with 429`, async () => {
      const { token } = await auth.createToken('screen', '多连接测试屏', 'test');
      const open: Watched[] = [];
      for (let i = 0; i < MAX_SOCKETS_PER_CREDENTIAL; i++) open.push(await connect(sut.url, token));
      const refused = await connect(sut.url, token).then(
        () => null,
        (err: Error & { data?: LiveError }) => err.data,
      );
      expect(refused).toMatchObject({
        statusCode: 429,
        message: expect.stringContaining(String(MAX_SOCKETS_PER_CREDENTIAL)),
      });
      // Other credentials are not affected, and a closed socket frees its place.
      (await connect(sut.url, sut.tokens.wall)).socket.close();
      open.pop()!.socket.close();
      let again: Watched | undefined;
      for (let i = 0; i < 50 && !again; i++) {
        again = await connect(sut.url, token).catch(() => undefined);
        if (!again) await new Promise((r) => setTimeout(r, 50));
      }
      expect(again?.socket.connected).toBe(true);
      for (const s of [...open, again!]) s.socket.close();
    });

    it('answers a client that stops reading 503 instead of queueing snapshots for it without bound', async () => {
      // A raw Engine.IO long-polling client: it reads its connect answer, then never polls again,
      // so everything the server sends it stays in the server's buffer for that connection.
      const base = `${sut.url}/socket.io/?EIO=4&transport=polling`;
      const open = await (await fetch(base)).text();
      const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      const post = async (packet: string) => {
        const res = await fetch(`${base}&sid=${sid}`, { method: 'POST', body: packet });
        expect(res.status).toBe(200);
      };
      const poll = async () => (await (await fetch(`${base}&sid=${sid}`)).text()).split('\x1e');
      await post(`40${LIVE_NAMESPACE},${JSON.stringify({ token: sut.tokens.wall })}`);
      expect((await poll())[0]).toMatch(new RegExp(`^40${LIVE_NAMESPACE},`));

      const asks = MAX_ROOMS_PER_SOCKET - 2;
      const nsp = sut.app.get(LiveGateway).server;
      const serverSocket = [...nsp.sockets.values()].find((s) => (s.conn as unknown as { id: string }).id === sid)!;
      for (let id = 0; id < asks; id++) {
        await post(`42${LIVE_NAMESPACE},${id}${JSON.stringify(['subscribe', ROOMS[id]])}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Held for the client now: at most the bound of snapshots, plus the short refusals.
      expect(buffered(serverSocket).messages).toBeLessThanOrEqual(asks);

      const answers = (await poll()).map((p) => JSON.parse(p.replace(/^43\/live,\d+/, '')) as [Ack<unknown>]);
      const served = answers.filter(([a]) => a.ok).length;
      expect(served).toBe(SLOW_CONSUMER_MESSAGES + 1);
      for (const [a] of answers.slice(served)) {
        expect(a).toEqual({ ok: false, error: { statusCode: 503, message: expect.stringMatching(/^slow consumer/) } });
      }
      await post('1');
    });
  });
});
