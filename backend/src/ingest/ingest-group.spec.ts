/**
 * Group commit (group-commit.ts) end to end: many single-event requests in flight at once, on
 * SQLite and MariaDB. Every acknowledged event is stored exactly once, duplicates answer 200, an
 * eventId sent again with other content gets its own 409 while the requests it was grouped with
 * are stored, an invalid event its own 400; the stored states are the fold of every event and the
 * served figures equal the plain recomputation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { StatsView } from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { CaseStateEntity } from '../cases/case-state.entity';
import { CaseStoreService, rowToState } from '../cases/case-store.service';
import { foldCase } from '../cases/fold';
import { ManualClock } from '../common/clock';
import { Rng } from '../simulator/rng';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_DEPARTMENTS, TEST_NODES, foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { byCase, randomStream, toWire } from '../testing/random-streams';
import { referenceCase, referenceMetrics, type RefCase } from '../testing/reference';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { canonicalJson } from './event-validation';

const START = Date.parse('2026-11-02T08:00:00+08:00');
const END = START + 12 * 86_400_000;
const CONCURRENCY = 20;
const tree = zhengzhouTree();

/** Runs `jobs` with `n` in flight at once. */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

describe.each(databaseKinds())('concurrent single-event requests sharing commits on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(END);
  const batches: number[] = [];

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock });
    const store = sut.app.get(CaseStoreService);
    const append = store.append.bind(store);
    // Each commit takes a little longer than SQLite's (synchronous) own, so requests overlap.
    store.append = async (batch, ctx, now) => {
      batches.push(batch.length);
      await new Promise((r) => setTimeout(r, 3));
      return append(batch, ctx, now);
    };
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('stores every acknowledged event once, answers each request on its own, and serves the recomputed figures', async () => {
    const rng = new Rng(77);
    const stream = randomStream(rng, {
      cases: 40,
      cells: TEST_NODES,
      departments: TEST_DEPARTMENTS,
      start: START,
      prefix: 'G',
    });
    const arrivals = stream.arrivals.filter((a) => a.arriveAt <= END);
    // Phase 1: every arrival (duplicates included) as its own request, 20 in flight.
    const first = await pool(
      arrivals.map((a) => () => postEvents(sut.url, toWire(a.event))),
      CONCURRENCY,
    );
    expect(first.filter((r) => r.status !== 202 && r.status !== 200).map((r) => r.body.message)).toEqual([]);
    const distinct = new Map<string, NormalizedEvent>();
    for (const a of arrivals) distinct.set(a.event.eventId, a.event);
    expect(first.reduce((n, r) => n + r.body.accepted, 0)).toBe(distinct.size);
    expect(first.reduce((n, r) => n + r.body.accepted + r.body.duplicates, 0)).toBe(arrivals.length);

    // Phase 2: conflicting content, duplicates, invalid events and new ones, all interleaved.
    const originals = [...distinct.values()];
    const conflicts = originals
      .filter((_, i) => i % 7 === 0)
      .map((e) => ({ ...toWire(e), at: toWire({ ...e, at: e.at - 60_000 }).at }));
    const duplicates = originals.filter((_, i) => i % 5 === 1).map(toWire);
    const invalid = originals
      .slice(0, 10)
      .map((e, i) => ({ ...toWire(e), eventId: `BAD-${i}`, caseId: `BAD-${i}`, at: 'yesterday' }));
    const fresh = randomStream(new Rng(78), {
      cases: 15,
      cells: TEST_NODES,
      departments: TEST_DEPARTMENTS,
      start: START,
      prefix: 'H',
    })
      .arrivals.filter((a) => a.arriveAt <= END)
      .map((a) => a.event);
    const freshDistinct = new Map(fresh.map((e) => [e.eventId, e]));
    type Job = { kind: 'conflict' | 'duplicate' | 'invalid' | 'fresh'; body: unknown };
    const jobs: Job[] = [
      ...conflicts.map((body) => ({ kind: 'conflict' as const, body })),
      ...duplicates.map((body) => ({ kind: 'duplicate' as const, body })),
      ...invalid.map((body) => ({ kind: 'invalid' as const, body })),
      ...fresh.map((e) => ({ kind: 'fresh' as const, body: toWire(e) })),
    ];
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const second = await pool(
      jobs.map((j) => () => postEvents(sut.url, j.body)),
      CONCURRENCY,
    );
    const byKind = (k: Job['kind']) => second.filter((_, i) => jobs[i].kind === k);
    expect(new Set(byKind('conflict').map((r) => r.status))).toEqual(new Set([409]));
    expect(byKind('conflict')[0].body.message).toMatch(/^eventId: ".*" was already received with different content$/);
    expect(new Set(byKind('duplicate').map((r) => `${r.status} ${JSON.stringify(r.body)}`))).toEqual(
      new Set([`200 ${JSON.stringify({ accepted: 0, duplicates: 1 })}`]),
    );
    expect(new Set(byKind('invalid').map((r) => r.status))).toEqual(new Set([400]));
    const freshAnswers = byKind('fresh');
    expect(freshAnswers.filter((r) => r.status !== 202 && r.status !== 200)).toEqual([]);
    expect(freshAnswers.reduce((n, r) => n + r.body.accepted, 0)).toBe(freshDistinct.size);

    // Requests did share commits.
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(first.length + second.length);

    // Stored exactly once, with the first content; states are the fold of every event.
    const all = [...originals, ...freshDistinct.values()];
    const ds = sut.app.get(DataSource);
    const rows = (await ds.query('SELECT event_id AS id, payload FROM case_event')) as {
      id: string;
      payload: string;
    }[];
    expect(rows.length).toBe(all.length);
    const payloads = new Map(rows.map((r) => [r.id, r.payload]));
    for (const e of all) expect(payloads.get(e.eventId), e.eventId).toBe(canonicalJson(e));
    const grouped = byCase(all);
    const states = await ds.getRepository(CaseStateEntity).find();
    expect(states.length).toBe(grouped.size);
    const ctx = foldContext();
    for (const row of states) expect(rowToState(row)).toEqual(foldCase(row.caseId, grouped.get(row.caseId)!, ctx));

    // The figures served equal the plain recomputation.
    const cases = [...grouped.values()]
      .map((evs) => referenceCase(evs, (c) => tree.levelOf(c), limitMs))
      .filter((c): c is RefCase => c !== null);
    for (const scope of ['410100', '410102']) {
      for (const period of ['day', 'week', 'month'] as const) {
        const {
          scope: _s,
          scopeName: _n,
          level: _l,
          period: _p,
          from: _f,
          to: _t,
          asOf: _a,
          ...metrics
        } = (await getJson<StatsView & { asOf?: string }>(sut.url, `/api/stats?scope=${scope}&period=${period}`)).body;
        expect(metrics, `${scope} ${period}`).toEqual(
          referenceMetrics(cases, (c) => tree.isWithin(c.gridCode, scope), period, clock.now(), 0.2),
        );
      }
    }
  });
});
