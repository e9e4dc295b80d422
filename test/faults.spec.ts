/**
 * Several real backend processes on loopback sharing the machine's MariaDB and Redis (each
 * behind a TCP proxy the test cuts and restores): cross-instance delivery, kill -9 of an
 * instance under load, a database outage and a Redis outage.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createConnection } from 'mysql2/promise';
import {
  LIVE_NAMESPACE,
  type CaseEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type StatsView,
} from '@gridwall/shared';
import { mysqlDatabase, REDIS_TEST_URL, type TestDatabase } from '../backend/src/testing/databases';
import { tokenHash } from '../backend/src/auth/passwords';
import { testNow } from '../backend/src/testing/test-clock';
import { Proxy, startInstance, until, type Instance } from './cluster';

const KEY = 'fault-test-key';
/** A screen token the tests store directly (hashed, as the server stores tokens). */
const WALL = `wall-${randomBytes(8).toString('hex')}`;
const CELLS = ['410102001002001', '410105001003001', '410103001001001', '410102002001001'];

let caseNo = 0;
function newCase(): CaseEvent {
  const caseId = `F-${++caseNo}-${randomBytes(3).toString('hex')}`;
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: new Date(testNow() - 60_000).toISOString(),
    gridCode: CELLS[caseNo % CELLS.length],
    category: 'urban_management',
    source: 'patrol',
    title: '道路破损',
  };
}

async function post(url: string, events: CaseEvent[]): Promise<number> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ events }),
  }).catch(() => undefined);
  return res?.status ?? 0;
}

async function restStats(url: string): Promise<Omit<StatsView, 'asOf'>> {
  const res = await fetch(`${url}/api/stats?scope=410100&period=day`, { headers: { authorization: `Bearer ${WALL}` } });
  const { asOf: _asOf, ...rest } = (await res.json()) as StatsView;
  return rest;
}

/** A screen: follows the city/day room, resyncs on a seq gap, keeps the latest figures. */
class Screen {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  seq = -1;
  stats: StatsView | undefined;
  snapshots = 0;
  resyncs = 0;

  constructor(url: string) {
    this.socket = io(`${url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      auth: { token: WALL },
    });
    const req = { scope: '410100', period: 'day' as const };
    this.socket.on('connect', () => this.socket.emit('subscribe', req));
    this.socket.on('snapshot', (s) => {
      this.seq = s.seq;
      this.stats = s.stats;
      this.snapshots += 1;
    });
    this.socket.on('patch', (p) => {
      if (p.seq !== this.seq + 1) {
        this.resyncs += 1;
        this.socket.emit('resync', req);
        return;
      }
      this.seq = p.seq;
      if (p.stats) this.stats = p.stats;
    });
  }

  figures(): Omit<StatsView, 'asOf'> | undefined {
    if (!this.stats) return undefined;
    const { asOf: _asOf, ...rest } = this.stats;
    return rest;
  }

  close(): void {
    this.socket.close();
  }
}

/** Waits until a screen shows exactly `expected`, having had a fresh snapshot since its first. */
async function resyncedTo(s: Screen, expected: unknown, ms: number, what: string): Promise<void> {
  await until(() => (JSON.stringify(s.figures()) === JSON.stringify(expected) ? true : undefined), ms, what);
  expect(s.snapshots).toBeGreaterThanOrEqual(2);
}

describe.skipIf(!inject('mysql') || !inject('redis'))('several instances on MariaDB and Redis', () => {
  let db: TestDatabase;
  let dbProxy: Proxy;
  let redisProxy: Proxy;
  let env: Record<string, string>;
  const running: Instance[] = [];
  const screens: Screen[] = [];

  let tokenStored = false;
  const start = async (name: string) => {
    const inst = await startInstance(name, env);
    running.push(inst);
    if (!tokenStored) {
      // The first instance has migrated the database: give the screens a token.
      const conn = await createConnection({ uri: db.url });
      await conn.query(
        "INSERT INTO auth_token (id, token_hash, kind, role, label, created_at) VALUES (?, ?, 'screen', 'wall', 'fault-test screen', ?)",
        [randomUUID(), tokenHash(WALL), testNow()],
      );
      await conn.end();
      tokenStored = true;
    }
    return inst;
  };
  const screen = (url: string) => {
    const s = new Screen(url);
    screens.push(s);
    return s;
  };
  const role = async (inst: Instance) =>
    ((await (await fetch(`${inst.url}/api/health`)).json()) as { role: string }).role;

  beforeAll(async () => {
    db = await mysqlDatabase();
    const dbUrl = new URL(db.url);
    dbProxy = new Proxy([{ host: dbUrl.hostname, port: Number(dbUrl.port || 3306) }]);
    const redisUrl = new URL(REDIS_TEST_URL);
    redisProxy = new Proxy([{ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }]);
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${await dbProxy.start()}`;
    env = {
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: `redis://127.0.0.1:${await redisProxy.start()}`,
      REDIS_PREFIX: `gwtest-${randomBytes(4).toString('hex')}`,
      INGEST_KEYS: KEY,
      DEMO: 'off',
      SIMULATOR: 'off',
    };
  });

  afterAll(async () => {
    for (const s of screens) s.close();
    await Promise.all(running.map((i) => i.stop('SIGKILL')));
    await dbProxy?.stop();
    await redisProxy?.stop();
    await db?.drop();
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail')
      for (const i of running) console.warn(`--- ${i.name}\n${i.log().slice(-6000)}`);
  });

  const stopAll = async () => {
    await dbProxy.start().catch(() => undefined);
    await redisProxy.start().catch(() => undefined);
    for (const s of screens.splice(0)) s.close();
    await Promise.all(running.splice(0).map((i) => i.stop('SIGTERM')));
  };

  it('delivers an event posted to instance A to a screen on instance B', async () => {
    const a = await start('A');
    const b = await start('B');
    const onB = screen(b.url);
    await until(() => onB.figures(), 10_000, 'a snapshot on B');
    const before = onB.figures()!.reported;
    expect(await post(a.url, [newCase()])).toBe(202);
    await until(() => (onB.figures()!.reported === before + 1 ? true : undefined), 10_000, 'the patch on B');
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/gridwall_ingest_events_total\{outcome="stored"\} 1/);
    expect(metrics).toMatch(/gridwall_live_clients/);
    expect([await role(a), await role(b)].sort()).toEqual(['follower', 'leader']);
    await stopAll();
  });

  it('keeps every acknowledged event when an instance is killed -9 under load, and its screens resync elsewhere', async () => {
    const a = await start('A');
    const b = await start('B');
    const c = await start('C');
    const lb = new Proxy([a, b, c].map((i) => ({ host: '127.0.0.1', port: i.port })));
    const lbUrl = `http://127.0.0.1:${await lb.start()}`;
    try {
      const onLb = [screen(lbUrl), screen(lbUrl), screen(lbUrl)];
      await until(() => (onLb.every((s) => s.figures()) ? true : undefined), 10_000, 'snapshots');
      const acked: string[] = [];
      const alive = new Set([a, b, c]);
      const started = Date.now();
      let killed = false;
      while (Date.now() - started < 6000) {
        if (!killed && Date.now() - started > 2000) {
          killed = true;
          alive.delete(a);
          await a.stop('SIGKILL');
        }
        const batch = Array.from({ length: 10 }, newCase);
        for (const target of [...alive].sort(() => Math.random() - 0.5).concat([...alive])) {
          if ((await post(target.url, batch)) === 202) {
            acked.push(...batch.map((e) => e.eventId));
            break;
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(acked.length).toBeGreaterThan(200);
      const conn = await createConnection({ uri: db.url });
      const [rows] = await conn.query('SELECT event_id FROM case_event');
      await conn.end();
      const stored = new Set((rows as { event_id: string }[]).map((r) => r.event_id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);

      // A fresh instance rebuilds from the database: the screens must show exactly its figures.
      const fresh = await start('D');
      const expected = await restStats(fresh.url);
      for (const s of onLb) await resyncedTo(s, expected, 20_000, 'screens to match a fresh recomputation');
    } finally {
      await lb.stop();
      await stopAll();
    }
  });

  it('shuts down gracefully: finishes the ingest in flight, and its screens reconnect elsewhere', async () => {
    const a = await start('A');
    const b = await start('B');
    const lb = new Proxy([a, b].map((i) => ({ host: '127.0.0.1', port: i.port })));
    const lbUrl = `http://127.0.0.1:${await lb.start()}`;
    try {
      const s = screen(lbUrl);
      await until(() => s.figures(), 10_000, 'a snapshot via A');
      const big = Array.from({ length: 5000 }, newCase);
      const inFlight = post(a.url, big);
      await new Promise((r) => setTimeout(r, 30));
      const exit = a.stop('SIGTERM');
      expect(await inFlight).toBe(202);
      await exit;
      expect(a.proc.exitCode).toBe(0);
      const expected = await until(
        async () => {
          const f = await restStats(b.url);
          return f.reported >= big.length ? f : undefined;
        },
        10_000,
        'B to follow the batch',
      );
      await resyncedTo(s, expected, 15_000, 'the screen to resync on B');
    } finally {
      await lb.stop();
      await stopAll();
    }
  });

  it('answers 503 while MariaDB is away, stores nothing half, and comes back without a restart', async () => {
    const a = await start('A');
    const b = await start('B');
    const pids = [a.proc.pid, b.proc.pid];
    expect(await post(a.url, [newCase()])).toBe(202);
    await dbProxy.stop();
    const lost = newCase();
    expect(await post(a.url, [lost])).toBe(503);
    expect(await post(b.url, [newCase()])).toBe(503);
    const res = await fetch(`${a.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(newCase()),
    });
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${b.url}/api/health`)).status).toBe(503);
    await dbProxy.start();
    await until(async () => ((await post(a.url, [lost])) === 202 ? true : undefined), 20_000, 'ingest on A to recover');
    await until(
      async () => ((await post(b.url, [newCase()])) === 202 ? true : undefined),
      20_000,
      'ingest on B to recover',
    );
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
    expect([a.proc.exitCode, b.proc.exitCode]).toEqual([null, null]);
    expect([a.proc.pid, b.proc.pid]).toEqual(pids);
    await stopAll();
  });

  it('keeps serving each instance its own screens while Redis is away, then resumes cross-instance delivery', async () => {
    const a = await start('A');
    const b = await start('B');
    const onA = screen(a.url);
    const onB = screen(b.url);
    await until(() => (onA.figures() && onB.figures() ? true : undefined), 10_000, 'snapshots');

    await redisProxy.stop();
    await until(
      async () => ((await role(a)) === 'isolated' && (await role(b)) === 'isolated' ? true : undefined),
      10_000,
      'isolation',
    );
    const before = onA.figures()!.reported;
    expect(await post(a.url, [newCase()])).toBe(202);
    await until(() => (onA.figures()!.reported === before + 1 ? true : undefined), 10_000, 'A to patch its own screen');
    await until(() => (onB.figures()!.reported === before + 1 ? true : undefined), 10_000, 'B to patch its own screen');

    await redisProxy.start();
    await until(
      async () => ([await role(a), await role(b)].sort().join() === 'follower,leader' ? true : undefined),
      15_000,
      'leadership again',
    );
    expect(await post(b.url, [newCase()])).toBe(202);
    const expected = await until(
      async () => {
        const figures = await restStats(a.url);
        return figures.reported === before + 2 ? figures : undefined;
      },
      10_000,
      'A to follow the event committed on B',
    );
    for (const s of [onA, onB]) {
      await until(
        () => (JSON.stringify(s.figures()) === JSON.stringify(expected) ? true : undefined),
        15_000,
        'screens to catch up after Redis returns',
      );
    }
    await stopAll();
  });
});
