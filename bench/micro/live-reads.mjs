// Micro-harness of the live read path and the patch flush, over a Zhengzhou-size state (the
// real area tree, departments and configuration; history from bench/lib/world.mjs), run against
// one or more builds of the backend in the same process (same data, same clock, rounds
// interleaved), so the before/after ratio is taken in one run on this noisy machine:
//
//   npx tsc -p backend/tsconfig.build.json --outDir /tmp/live-before   # before a change
//   npm run build -w backend                                           # after it (backend/dist)
//   NODE_PATH=$PWD/node_modules node bench/micro/live-reads.mjs /tmp/live-before backend/dist
//
// (NODE_PATH lets a build outside the repository find its packages; bench/lib/world.mjs needs
// backend/dist built.) Options (env): CASES (default 60000 over SPAN_DAYS=40 days), ITERS
// (rounds per workload, default 30), ONLY=reads|flush, PROFILE=file.cpuprofile (CPU profile of
// the measured rounds only). Workloads: `reads` = the village, township and department rankings,
// stats and categories of every period, overdue and trend of the city right after a commit;
// `again` = the same reads with nothing changed (REST and rooms asking alike); `flush` = 25 new
// reports applied, then every one of the bench's ~195 rooms patched. Prints the median CPU ms
// (process.cpuUsage) per round per build and the ratio, and checks that every build returns
// byte-identical views and patches, so a faster build that changed a figure is reported as a
// mismatch (exit code 1).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { historicCase, world } from '../lib/world.mjs';
import { roomGroups } from '../lib/scopes.mjs';

const dists = process.argv.slice(2).map((d) => resolve(d));
if (dists.length === 0) dists.push(resolve('backend/dist'));
const CASES = Number(process.env.CASES ?? 60000);
const SPAN_DAYS = Number(process.env.SPAN_DAYS ?? 40);
const ITERS = Number(process.env.ITERS ?? 30);
const ONLY = process.env.ONLY;
const PERIODS = ['day', 'week', 'month', 'quarter', 'year'];

const w = world();
// A fixed moment: 2026-06-17 15:20 Asia/Shanghai.
const NOW = Date.UTC(2026, 5, 17, 7, 20);
const DAY = 86_400_000;
const history = [];
for (let i = 0; i < CASES; i++) {
  const t = NOW - SPAN_DAYS * DAY + Math.floor(((i + 0.5) * SPAN_DAYS * DAY) / CASES);
  history.push(historicCase(`M-${i.toString(36)}`, t, NOW).state);
}
// New reports arriving during the flush rounds: 25 per round (100 events/s, 4 patches/s).
const arrivals = [];
for (let r = 0; r < ITERS + 2; r++) {
  const batch = [];
  for (let j = 0; j < 25; j++) batch.push(historicCase(`N-${r}-${j}`, NOW - 600_000 + r * 1000 + j, NOW).state);
  arrivals.push(batch);
}
const readArrivals = [];
for (let r = 0; r < ITERS; r++) {
  readArrivals.push(historicCase(`R-${r}`, NOW - 300_000 + r * 1000, NOW).state);
}
const rooms = roomGroups().flatMap((g) => g.rooms);
const city = w.tree.root.code;

function setup(dist) {
  const req = createRequire(`${dist}/`);
  const { LiveEngine } = req(`${dist}/live/live-engine.service.js`);
  const { LiveQueries } = req(`${dist}/live/live-queries.service.js`);
  const { RoomRegistry } = req(`${dist}/live/room-registry.service.js`);
  const { LivePublisher } = req(`${dist}/live/live-publisher.service.js`);
  const noop = { set() {}, inc() {}, observe() {} };
  const metrics = { rebuildSeconds: noop, liveCases: noop, leader: noop, patches: noop, eventToPatch: noop };
  const clock = { now: () => NOW };
  const config = { current: () => w.config };
  const areas = {
    tree: w.tree,
    require: (c) => w.tree.get(c),
  };
  const byCode = new Map(w.departments.map((d) => [d.code, d]));
  const departments = { list: () => [...byCode.values()], get: (c) => byCode.get(c) };
  const store = {
    forEachState: async (visit) => {
      for (let i = 0; i < history.length; i += 5000) visit(history.slice(i, i + 5000));
      return history.length;
    },
  };
  const cluster = { role: 'isolated', runsSingletons: true, enabled: false };
  const sent = [];
  const broadcaster = { send: (_e, _room, patch) => sent.push(patch), hasLocalMembers: () => true };
  const engine = new LiveEngine(areas, store, clock, config, cluster, {}, metrics, { emit() {} });
  const queries = new LiveQueries(engine, areas, departments, clock, config);
  const alertList = { items: [] };
  const registry = new RoomRegistry(
    engine,
    queries,
    areas,
    cluster,
    broadcaster,
    { settings: { enabled: false }, ready: false },
    { current: () => alertList },
  );
  const publisher = new LivePublisher(engine, registry, cluster, broadcaster, metrics);
  return { engine, queries, registry, publisher, sent };
}

function reads(ctx) {
  const q = ctx.queries;
  const out = [];
  out.push(q.rankings('village', city, 'day'));
  out.push(q.rankings('township', city, 'month'));
  out.push(q.rankings('department', city, 'week'));
  for (const p of PERIODS) out.push(q.stats(city, p), q.categories(city, p));
  out.push(q.overdue(city), q.trend(city, 'day'));
  return out;
}

/** One flush round: 25 new reports applied, then every due room patched. */
async function flushRound(ctx, r) {
  const batch = arrivals[r];
  ctx.engine.apply({
    states: batch,
    events: batch.map((s) => ({ eventId: `${s.caseId}-r`, caseId: s.caseId, type: 'reported', at: s.reportedAt })),
  });
  for (const room of ctx.registry.all()) room.lastSentAt = -1e9;
  await ctx.publisher.flush();
}

/** CPU time of this process (user + system), ms: steadier than wall time on a shared machine. */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function digest(v) {
  return createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 12);
}

const builds = [];
for (const dist of dists) {
  const ctx = setup(dist);
  const c0 = cpuMs();
  await ctx.engine.rebuild();
  const rebuildCpu = cpuMs() - c0;
  for (const r of rooms) await ctx.registry.snapshot(ctx.registry.resolve(r.scope, r.period));
  builds.push({
    dist,
    ctx,
    rebuildCpu,
    times: { reads: [], again: [], flush: [] },
    digests: { reads: [], again: [], flush: [] },
  });
}
console.log(
  `${CASES} cases over ${SPAN_DAYS} days, ${builds[0].ctx.engine.caseCount} held; ${rooms.length} rooms; ${ITERS} rounds`,
);

// PROFILE=file.cpuprofile: a CPU profile of the measured rounds only (not the set-up).
let session;
if (process.env.PROFILE) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}

// Interleaved: round i of every build, then round i+1, so drift hits all alike.
for (let i = 0; i < ITERS; i++) {
  for (const b of builds) {
    if (ONLY !== 'flush') {
      // Reads after a commit changed city-wide figures (as under load: every commit does),
      // then the same reads again with nothing changed (REST and rooms asking alike).
      const s = readArrivals[i];
      b.ctx.engine.apply({ states: [s], events: [] });
      let t0 = cpuMs();
      const out = reads(b.ctx);
      b.times.reads.push(cpuMs() - t0);
      t0 = cpuMs();
      const again = reads(b.ctx);
      b.times.again.push(cpuMs() - t0);
      b.digests.reads.push(digest(out));
      b.digests.again.push(digest(again));
    }
    if (ONLY !== 'reads') {
      b.ctx.sent.length = 0;
      const t0 = cpuMs();
      await flushRound(b.ctx, i);
      b.times.flush.push(cpuMs() - t0);
      b.digests.flush.push(digest(b.ctx.sent));
    }
  }
}

if (session) {
  const { profile } = await session.post('Profiler.stop');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
console.log(
  `rebuild (CPU ms, one each): ${builds.map((b) => `${b.dist.replace(process.cwd() + '/', '')}: ${b.rebuildCpu.toFixed(0)} ms`).join('  ')}`,
);
const skip = Math.min(3, Math.floor(ITERS / 4));
for (const kind of ['reads', 'again', 'flush']) {
  if (ONLY && ONLY !== (kind === 'again' ? 'reads' : kind)) continue;
  const meds = builds.map((b) => median(b.times[kind].slice(skip)));
  const line = builds.map((b, i) => `${b.dist.replace(process.cwd() + '/', '')}: ${meds[i].toFixed(2)} ms`).join('  ');
  const ratio = builds.length > 1 ? `  ratio last/first ${(meds[meds.length - 1] / meds[0]).toFixed(3)}` : '';
  console.log(`${kind} (median CPU ms per round after ${skip} warm-up): ${line}${ratio}`);
  if (builds.length > 1) {
    const same = builds.every((b) => JSON.stringify(b.digests[kind]) === JSON.stringify(builds[0].digests[kind]));
    console.log(`  ${kind} output identical across builds: ${same ? 'yes' : 'NO — a figure differs'}`);
    if (!same) process.exitCode = 1;
  }
}
