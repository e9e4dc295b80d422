import type { INestApplication } from '@nestjs/common';
import { get as get_ } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AreasService } from '../areas/areas.service';
import { Clock } from '../common/clock';
import { createValidationPipe } from '../common/validation';
import { LiveEngine } from '../live/live-engine.service';
import { LiveQueries } from '../live/live-queries.service';
import { ReplayService } from '../replay/replay.service';
import { zhengzhouTree } from '../testing/fixtures';
import { StatsController } from './stats.controller';

describe(StatsController.name, () => {
  const tree = zhengzhouTree();
  const live = {
    stats: vi.fn((scope: string, period: string) => ({ scope, period })),
    categories: vi.fn(() => []),
    trend: vi.fn((scope: string, period: string) => ({ scope, period })),
    trendRange: vi.fn((scope: string, granularity: string, from: number, to: number) => ({
      scope,
      granularity,
      from,
      to,
    })),
    rankings: vi.fn((tier: string, scope: string, period: string, group?: string) => ({
      tier,
      scope,
      period,
      group,
      rows: [] as unknown[],
    })),
    overdue: vi.fn((scope: string, limit: number, state?: string) => ({ scope, limit, state })),
  };
  const engine = { version: 1 };
  let app: INestApplication;
  let url: string;
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [StatsController],
      providers: [
        // The read models answer what they were asked: this spec checks what each query asks.
        { provide: LiveQueries, useValue: live },
        { provide: ReplayService, useValue: {} },
        { provide: LiveEngine, useValue: engine },
        { provide: Clock, useValue: { now: () => Date.now() } },
        { provide: AreasService, useValue: { tree, root: tree.root } },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('stats', () => {
    it('reads the city (the root of the area tree) when no scope is given, and the day by default', async () => {
      expect((await get('/api/stats')).body).toEqual({ scope: tree.root.code, period: 'day' });
      expect((await get('/api/stats?scope=410102&period=week')).body).toEqual({ scope: '410102', period: 'week' });
    });

    it('answers 400 in the api.md shape for an unknown scope, a bad period or an unknown parameter', async () => {
      expect(await get('/api/stats?scope=999999')).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: 'scope: unknown area code "999999"' },
      });
      expect((await get('/api/stats?period=decade')).body.message).toMatch(/^period: must be one of/);
      expect((await get('/api/stats?scope=410100&colour=red')).body.message).toBe(
        'colour: is not an accepted field here',
      );
    });
  });

  describe('trend', () => {
    it('passes a parsed range on', async () => {
      const res = await get(
        `/api/stats/trend?scope=410102&granularity=hour&from=${encodeURIComponent('2026-11-21T00:00:00+08:00')}` +
          `&to=${encodeURIComponent('2026-11-22T00:00:00+08:00')}`,
      );
      expect(res.body).toEqual({
        scope: '410102',
        granularity: 'hour',
        from: Date.parse('2026-11-21T00:00:00+08:00'),
        to: Date.parse('2026-11-22T00:00:00+08:00'),
      });
    });
  });

  describe('rankings', () => {
    it('ranks within the city by default and names a bad tier', async () => {
      expect((await get('/api/rankings?tier=district')).body).toMatchObject({
        tier: 'district',
        scope: tree.root.code,
      });
      expect((await get('/api/rankings?tier=planet&scope=410100')).body.message).toMatch(/^tier: /);
    });

    it('passes group= on and names a malformed one', async () => {
      expect((await get('/api/rankings?tier=district&group=urban')).body).toMatchObject({ group: 'urban' });
      expect((await get('/api/rankings?tier=district&group=all')).body).toMatchObject({ group: 'all' });
      expect((await get('/api/rankings?tier=district&group=%E5%9F%8E')).body.message).toBe(
        'group: must be a ranking group key (1–32 of [a-z0-9_-]) or all',
      );
    });
  });

  describe('overdue', () => {
    it('bounds the limit', async () => {
      expect((await get('/api/overdue?scope=410100')).body).toEqual({ scope: '410100', limit: 50 });
      expect((await get('/api/overdue?scope=410100&limit=0')).body.message).toMatch(/^limit: /);
      expect((await get('/api/overdue?limit=20&state=red')).body).toEqual({
        scope: tree.root.code,
        limit: 20,
        state: 'red',
      });
    });
  });

  describe('serialized views', () => {
    it('serves a view from its cache until the engine version changes, with one ETag and gzip on demand', async () => {
      live.rankings.mockClear();
      const path = '/api/rankings?tier=village&scope=410102&period=month';
      const a = await fetch(`${url}${path}`);
      const b = await fetch(`${url}${path}`);
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(a.headers.get('vary')).toBe('Accept-Encoding');
      const etag = a.headers.get('etag');
      expect(etag).toMatch(/^W\/"/);
      expect(b.headers.get('etag')).toBe(etag);
      expect(await b.json()).toEqual(await a.json());
      expect(live.rankings).toHaveBeenCalledTimes(1);

      const notModified = await fetch(`${url}${path}`, { headers: { 'if-none-match': etag! } });
      expect(notModified.status).toBe(304);
      expect(live.rankings).toHaveBeenCalledTimes(1);

      engine.version += 1;
      await fetch(`${url}${path}`);
      expect(live.rankings).toHaveBeenCalledTimes(2);
      // Another key (here: another group) is its own entry.
      await fetch(`${url}${path}&group=all`);
      expect(live.rankings).toHaveBeenCalledTimes(3);
    });

    it('compresses bodies of 1 KiB and more for a client that accepts gzip', async () => {
      const rows = Array.from({ length: 200 }, (_, i) => ({ code: `u${i}`, score: i }));
      live.rankings.mockImplementationOnce((tier: string, scope: string, period: string, group?: string) => ({
        tier,
        scope,
        period,
        group,
        rows,
      }));
      engine.version += 1;
      const path = '/api/rankings?tier=township&scope=410102&period=day';
      const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        get_(`${url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(raw.body).toString('utf8'))).toMatchObject({ tier: 'township', rows });
      const plain = await new Promise<Record<string, unknown>>((resolve, reject) => {
        get_(`${url}${path}`, (res) => {
          res.resume();
          resolve(res.headers);
        }).on('error', reject);
      });
      expect(plain['content-encoding']).toBeUndefined();
      expect(plain.etag).toBe(raw.headers.etag);
    });
  });
});
