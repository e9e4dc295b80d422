// 4. Reads: every REST read of api.md §2 that exists, one endpoint at a time under concurrent
// closed-loop load, while events keep flowing in the background.
import { readHeaders } from '../lib/credentials.mjs';
import { connect } from '../lib/mysql.mjs';
import { INGEST_KEY } from '../lib/server.mjs';
import { spread } from '../lib/stats.mjs';
import { world } from '../lib/world.mjs';
import { startWorker } from '../lib/workers.mjs';

/** The reads, with the codes of a district, township, village and cell of the tree. */
export function endpoints() {
  const { tree } = world();
  const district = tree.ofLevel('district')[1];
  const township = tree.descendantsAt(district.code, 'township')[0];
  const village = tree.descendantsAt(township.code, 'village')[0];
  const cell = tree.descendantsAt(village.code, 'cell')[0];
  const city = tree.root.code;
  const now = Date.now();
  const day = 86_400_000;
  const iso = (t) => new Date(t).toISOString();
  return [
    { name: 'health', path: '/api/health' },
    { name: 'areas (city)', path: '/api/areas' },
    { name: 'areas ?parent=city', path: `/api/areas?parent=${city}` },
    { name: 'areas ?parent=township', path: `/api/areas?parent=${township.code}` },
    { name: 'departments', path: '/api/departments' },
    { name: 'stats city day', path: `/api/stats?scope=${city}&period=day` },
    { name: 'stats city year', path: `/api/stats?scope=${city}&period=year` },
    { name: 'stats district week', path: `/api/stats?scope=${district.code}&period=week` },
    { name: 'stats cell day', path: `/api/stats?scope=${cell.code}&period=day`, cell: true },
    { name: 'stats/categories city month', path: `/api/stats/categories?scope=${city}&period=month` },
    { name: 'stats/categories cell day', path: `/api/stats/categories?scope=${cell.code}&period=day`, cell: true },
    { name: 'stats/trend city day', path: `/api/stats/trend?scope=${city}&period=day` },
    {
      name: 'stats/trend city hour ×48',
      path: `/api/stats/trend?scope=${city}&granularity=hour&from=${encodeURIComponent(iso(now - day))}&to=${encodeURIComponent(iso(now + day))}`,
    },
    { name: 'stats/trend cell day', path: `/api/stats/trend?scope=${cell.code}&period=day`, cell: true },
    { name: 'rankings district', path: `/api/rankings?tier=district&scope=${city}&period=week` },
    { name: 'rankings township (city)', path: `/api/rankings?tier=township&scope=${city}&period=month` },
    { name: 'rankings village (city, 3,306 units)', path: `/api/rankings?tier=village&scope=${city}&period=day` },
    { name: 'rankings village (township)', path: `/api/rankings?tier=village&scope=${township.code}&period=day` },
    { name: 'rankings department', path: `/api/rankings?tier=department&scope=${city}&period=quarter` },
    { name: 'overdue city', path: `/api/overdue?scope=${city}&limit=50` },
    { name: 'overdue district red', path: `/api/overdue?scope=${district.code}&state=red&limit=50` },
    { name: 'overdue cell', path: `/api/overdue?scope=${cell.code}`, cell: true },
  ];
}

export async function run(ctx) {
  const { opts } = ctx;
  const server = await ctx.mainServer();
  const list = endpoints();
  // The detail reads of api.md §2: not served yet (404 "Cannot GET"), refused to the screen token
  // (they need a detail role: leader, district, admin), or measured like the others.
  const missing = [];
  const refused = [];
  const c = await connect(ctx.mainDb);
  let caseId = 'NO-SUCH-CASE';
  try {
    const [[row]] = await c.query("SELECT case_id FROM case_state WHERE status = 'open' LIMIT 1");
    if (row) caseId = row.case_id;
  } finally {
    await c.end();
  }
  for (const [name, p] of [
    ['cases/:caseId', `/api/cases/${caseId}`],
    ['meeting city', '/api/meeting?scope=410100'],
  ]) {
    const res = await fetch(`${server.url}${p}`, { headers: readHeaders(ctx.wallToken) });
    const body = await res.text();
    if (res.status === 404 && /Cannot GET/.test(body)) missing.push(p.replace(/\?.*$/, '').replace(caseId, ':caseId'));
    else if (res.status === 401 || res.status === 403) refused.push(`${p.replace(caseId, ':caseId')} (${res.status})`);
    else if (res.status === 200) list.push({ name, path: p });
  }
  const reader = startWorker('http-reads');
  const gen = startWorker('ingest');
  const perEndpoint = new Map(list.map((e) => [e.name, []]));
  const streamSeconds = list.length * opts.repeats * (opts.readsSeconds + 0.2) + 60;
  const streaming = gen.call('stream', {
    url: server.url,
    key: INGEST_KEY,
    prefix: `R${ctx.runTag}-`,
    seed: 31,
    rate: opts.readsBackgroundRate,
    seconds: streamSeconds,
  });
  try {
    for (let r = 0; r < opts.repeats; r++) {
      for (const e of list) {
        const res = await reader.call('run', {
          url: server.url,
          path: e.path,
          concurrency: opts.readsConcurrency,
          seconds: opts.readsSeconds,
          headers: readHeaders(ctx.wallToken),
        });
        const bad = Object.entries(res.statuses).filter(([s]) => s !== '200');
        if (bad.length) ctx.log(`  ${e.name}: non-200 answers ${JSON.stringify(res.statuses)}`);
        perEndpoint.get(e.name).push(res);
      }
    }
  } finally {
    await gen.call('stopStream');
    await streaming.catch(() => undefined);
    await gen.stop();
    await reader.stop();
  }
  const rows = list.map((e) => {
    const runs = perEndpoint.get(e.name);
    const row = {
      name: e.name,
      path: e.path,
      cellScope: !!e.cell,
      p50Ms: spread(runs.map((x) => x.latency.p50)),
      p99Ms: spread(runs.map((x) => x.latency.p99)),
      perSecond: spread(runs.map((x) => x.perSecond)),
      meanBytes: runs[0]?.meanBytes ?? null,
      statuses: runs.reduce((a, x) => {
        for (const [k, v] of Object.entries(x.statuses)) a[k] = (a[k] ?? 0) + v;
        return a;
      }, {}),
    };
    ctx.log(
      `  ${e.name.padEnd(40)} p50 ${row.p50Ms.median?.toFixed(1)} ms  p99 ${row.p99Ms.median?.toFixed(1)} ms  ${row.perSecond.median?.toFixed(0)}/s`,
    );
    return row;
  });
  return {
    concurrency: opts.readsConcurrency,
    secondsPerEndpoint: opts.readsSeconds,
    backgroundEventsPerSecond: opts.readsBackgroundRate,
    missing,
    refused,
    endpoints: rows,
  };
}
