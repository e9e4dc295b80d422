import { describe, expect, it } from 'vitest';
import { ReadCache, SerializedBody, etagMatches } from './read-cache';

describe(ReadCache.name, () => {
  const setup = (maxBytes?: number) => {
    const world = { version: 1, now: 1_000_000 };
    const cache = new ReadCache({ version: () => world.version, now: () => world.now, maxBytes });
    let computed = 0;
    const compute = (value: unknown) => () => {
      computed += 1;
      return value;
    };
    return { world, cache, computed: () => computed, compute };
  };

  it('computes a key once per version', () => {
    const { world, cache, computed, compute } = setup();
    const a = cache.get('k', compute({ x: 1 }));
    expect(cache.get('k', compute({ x: 2 }))).toBe(a);
    expect(computed()).toBe(1);
    expect(JSON.parse(a.json.toString('utf8'))).toEqual({ x: 1 });
    world.version += 1;
    expect(JSON.parse(cache.get('k', compute({ x: 2 })).json.toString('utf8'))).toEqual({ x: 2 });
    expect(computed()).toBe(2);
  });

  it('keeps an entry at most a second of the domain clock, and never across a clock moved back', () => {
    const { world, cache, computed, compute } = setup();
    cache.get('k', compute(1));
    world.now += 999;
    cache.get('k', compute(1));
    expect(computed()).toBe(1);
    world.now += 1;
    cache.get('k', compute(1));
    expect(computed()).toBe(2);
    world.now -= 10;
    cache.get('k', compute(1));
    expect(computed()).toBe(3);
  });

  it('holds at most maxBytes, dropping the least recently used first', () => {
    const { cache, computed, compute } = setup(25);
    cache.get('a', compute('0123456789'));
    cache.get('b', compute('0123456789'));
    cache.get('a', compute('0123456789'));
    cache.get('c', compute('0123456789'));
    expect(cache.size).toBe(2);
    const before = computed();
    cache.get('a', compute('0123456789'));
    expect(computed()).toBe(before);
    cache.get('b', compute('0123456789'));
    expect(computed()).toBe(before + 1);
  });

  it('holds at most maxEntries', () => {
    const cache = new ReadCache({ version: () => 1, now: () => 0, maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.get(`k${i}`, () => i);
    expect(cache.size).toBe(3);
  });

  it('does not keep a failed computation', () => {
    const { cache, compute } = setup();
    expect(() =>
      cache.get('k', () => {
        throw new Error('bad group');
      }),
    ).toThrow('bad group');
    expect(cache.size).toBe(0);
    expect(JSON.parse(cache.get('k', compute([1])).json.toString('utf8'))).toEqual([1]);
  });
});

describe(SerializedBody.name, () => {
  it('hashes the bytes once into a weak ETag and compresses once', async () => {
    const a = SerializedBody.of({ rows: [1, 2, 3] });
    expect(a.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(SerializedBody.of({ rows: [1, 2, 3] }).etag).toBe(a.etag);
    expect(SerializedBody.of({ rows: [1, 2, 4] }).etag).not.toBe(a.etag);
    expect(a.gzip()).toBe(a.gzip());
    expect((await a.gzip()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('matches If-None-Match lists, weak or strong, and *', () => {
    const tag = 'W/"abc"';
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('"abc"', tag)).toBe(true);
    expect(etagMatches('W/"x", W/"abc"', tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"abd"', tag)).toBe(false);
  });
});
