import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { REDIS_TEST_URL } from '../testing/databases';
import { ClusterService, LEASE_MS, LEASE_RENEW_MS, type ClusterRole } from './cluster.service';

/** Keys of this run only, so parallel runs and real deployments on the same Redis never meet. */
const PREFIX = `gw-test-cluster-${process.pid}-${randomBytes(4).toString('hex')}`;
const hasRedis = inject('redis');

/** Polls until `probe` is true, or fails after `ms`. */
async function until(probe: () => boolean, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe(ClusterService.name, () => {
  const started: ClusterService[] = [];
  const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_PREFIX };
  let admin: Redis | undefined;
  let run = 0;

  /**
   * A service as Nest makes it: constructed, then onModuleInit once the app's other providers are
   * up (here: once its Redis connection is, as a booting app's database takes longer than that).
   */
  async function instance(prefix: string | null): Promise<ClusterService> {
    const sut = new ClusterService(
      new ConfigService(prefix === null ? {} : { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }),
    );
    started.push(sut);
    if (prefix !== null) await until(() => sut.redisUp, 3000, 'redis connection');
    await sut.onModuleInit();
    await sut.whenRoleKnown();
    return sut;
  }

  /** Two instances of one deployment, started together. */
  async function pair(): Promise<[ClusterService, ClusterService, string]> {
    const prefix = `${PREFIX}-${++run}`;
    const [a, b] = await Promise.all([instance(prefix), instance(prefix)]);
    return [a, b, prefix];
  }

  async function stop(sut: ClusterService): Promise<void> {
    await sut.onModuleDestroy();
    sut.onApplicationShutdown();
  }

  beforeAll(() => {
    // ConfigService reads process.env before its own values: keep a developer's settings out.
    delete process.env.REDIS_URL;
    delete process.env.REDIS_PREFIX;
    if (hasRedis) admin = new Redis(REDIS_TEST_URL);
  });

  afterEach(async () => {
    for (const s of started.splice(0)) await stop(s);
  });

  afterAll(async () => {
    if (saved.url !== undefined) process.env.REDIS_URL = saved.url;
    if (saved.prefix !== undefined) process.env.REDIS_PREFIX = saved.prefix;
    if (admin) {
      const keys = await admin.keys(`${PREFIX}-*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    }
  });

  describe('role', () => {
    it('is single without REDIS_URL, and such an instance runs the singletons', async () => {
      const sut = await instance(null);
      expect(sut.enabled).toBe(false);
      expect(sut.role).toBe('single');
      expect(sut.runsSingletons).toBe(true);
      expect(sut.redisUp).toBe(false);
    });

    it.skipIf(!hasRedis)('makes exactly one of two instances the leader and the other a follower', async () => {
      const [a, b, prefix] = await pair();
      expect([a.role, b.role].sort()).toEqual(['follower', 'leader']);
      const leader = a.role === 'leader' ? a : b;
      expect(leader.runsSingletons).toBe(true);
      expect((leader === a ? b : a).runsSingletons).toBe(false);
      expect(await admin!.get(`${prefix}:leader`)).toBe(leader.instanceId);
      // Renewals keep it that way.
      await new Promise((r) => setTimeout(r, LEASE_RENEW_MS + 200));
      expect([a.role, b.role].sort()).toEqual(['follower', 'leader']);
    });
  });

  describe('whenRoleKnown', () => {
    it('resolves at once without Redis', async () => {
      const sut = new ClusterService(new ConfigService({}));
      await expect(sut.whenRoleKnown()).resolves.toBeUndefined();
    });

    it.skipIf(!hasRedis)('resolves with the role decided by the first lease attempt', async () => {
      const prefix = `${PREFIX}-${++run}`;
      const sut = new ClusterService(new ConfigService({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }));
      started.push(sut);
      expect(sut.role).toBe('isolated');
      await until(() => sut.redisUp, 3000, 'redis connection');
      void sut.onModuleInit();
      await sut.whenRoleKnown();
      expect(sut.role).toBe('leader');
      expect(await admin!.pttl(`${prefix}:leader`)).toBeGreaterThan(LEASE_MS - 1000);
    });
  });

  describe.skipIf(!hasRedis)('nextSeq', () => {
    it('is shared by the instances and rises by one per call, per room', async () => {
      const [a, b] = await pair();
      expect(await a.nextSeq('scope:410102')).toBe(1);
      expect(await b.nextSeq('scope:410102')).toBe(2);
      expect(await a.nextSeq('scope:410102')).toBe(3);
      expect(await b.nextSeq('scope:410105')).toBe(1);
    });

    it('never hands out a number twice when both instances ask at once', async () => {
      const [a, b] = await pair();
      const got = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).nextSeq('room')));
      expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });
  });

  describe.skipIf(!hasRedis)('currentSeq', () => {
    it('is 0 for a room without patches and the last number handed out after, on every instance', async () => {
      const [a, b] = await pair();
      expect(await b.currentSeq('room')).toBe(0);
      await a.nextSeq('room');
      await a.nextSeq('room');
      expect(await b.currentSeq('room')).toBe(2);
      expect(await a.currentSeq('room')).toBe(2);
      expect(await a.currentSeq('other')).toBe(0);
    });
  });

  describe.skipIf(!hasRedis)('onModuleDestroy', () => {
    it('hands the lease over: the follower leads after its next renewal, long before the lease ends', async () => {
      const [a, b] = await pair();
      const [leader, follower] = a.role === 'leader' ? [a, b] : [b, a];
      const changes: [ClusterRole, ClusterRole][] = [];
      follower.onRoleChange((role, previous) => changes.push([role, previous]));
      await stop(leader);
      const took = await until(() => follower.role === 'leader', LEASE_RENEW_MS + 500, 'follower takes over');
      expect(took).toBeLessThan(LEASE_MS);
      expect(changes).toEqual([['leader', 'follower']]);
    });
  });

  describe.skipIf(!hasRedis)('onApplicationShutdown', () => {
    it('after a leader vanishes without handing over, the follower leads once the lease ran out', async () => {
      const [a, b, prefix] = await pair();
      const [leader, follower] = a.role === 'leader' ? [a, b] : [b, a];
      // Connections cut without releasing the lease, as when the process dies.
      leader.onApplicationShutdown();
      const took = await until(() => follower.role === 'leader', LEASE_MS + 2 * LEASE_RENEW_MS, 'takeover');
      expect(took).toBeGreaterThan(LEASE_MS - 2 * LEASE_RENEW_MS);
      expect(await admin!.get(`${prefix}:leader`)).toBe(follower.instanceId);
      expect(leader.role).toBe('isolated');
    }, 15_000);
  });
});
