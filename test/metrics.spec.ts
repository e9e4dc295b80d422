/**
 * GET /metrics of a real server on MariaDB: the default Node.js/process metrics under their
 * standard names (stock dashboards), the HTTP duration histogram labelled by route template
 * (never the raw URL), the database metrics, `gridwall_build_info` and the version in
 * /api/health; and the shipped Grafana dashboard and Prometheus example refer only to metrics
 * the server exports.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { tokenHash } from '../backend/src/auth/passwords';
import { mysqlDatabase, type TestDatabase } from '../backend/src/testing/databases';
import { testNow } from '../backend/src/testing/test-clock';
import { startInstance, type Instance } from './cluster';

const VERSION = (
  JSON.parse(readFileSync(new URL('../backend/package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const WALL = `metrics-wall-${randomUUID()}`;

/** Every series name /metrics can hold, from its `# TYPE` lines (histograms: _bucket, _sum, _count). */
export function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
    else if (type === 'summary') for (const s of ['', '_sum', '_count']) names.add(`${name}${s}`);
    else names.add(name!);
  }
  return names;
}

const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'label_values',
  'topk',
  'bottomk',
  'offset',
  'bool',
]);

/** The metric names a PromQL expression reads (labels, functions, keywords and durations left out). */
export function metricsOf(expr: string): string[] {
  const bare = expr
    .replace(/label_values\(([^,)]+)[^)]*\)/g, '$1') // a variable query: its metric only
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ') // grouping labels
    .replace(/"[^"]*"/g, ' ');
  const out: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const after = bare.slice(m.index! + word.length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(word)) continue;
    out.push(word);
  }
  return out;
}

/** Every PromQL expression of a Grafana dashboard (panel targets and variable queries). */
function dashboardExpressions(dashboard: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    else if (typeof v === 'string' && (key === 'expr' || key === 'definition')) out.push(v);
  };
  visit(dashboard);
  return out;
}

describe.skipIf(!inject('mysql'))('metrics of a server on MariaDB', () => {
  let db: TestDatabase;
  let server: Instance;
  let text: string;

  beforeAll(async () => {
    db = await mysqlDatabase();
    server = await startInstance('M', {
      DATABASE_URL: db.url,
      INGEST_KEYS: 'metrics-ingest-key',
      DEMO: 'off',
      SIMULATOR: 'off',
    });
    const conn = await createConnection({ uri: db.url });
    await conn.query(
      "INSERT INTO auth_token (id, token_hash, kind, role, label, created_at) VALUES (?, ?, 'screen', 'wall', 'metrics', ?)",
      [randomUUID(), tokenHash(WALL), testNow()],
    );
    await conn.end();
    const auth = { authorization: `Bearer ${WALL}` };
    await fetch(`${server.url}/api/stats?scope=410100&period=day`, { headers: auth });
    // A raw URL that must not become a label value.
    await fetch(`${server.url}/api/cases/SECRET-CASE-4711`, { headers: auth });
    await fetch(`${server.url}/api/no-such-route-0815`);
    // Probes run every second: let one be observed.
    await new Promise((r) => setTimeout(r, 1500));
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    text = await res.text();
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('exports the default Node.js and process metrics under their standard names', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_version_info',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}(\\{| )`, 'm'));
    }
    expect(text).not.toMatch(/^gridwall_(process|nodejs)_/m);
  });

  it('times HTTP requests by route template, method and status class, never by raw URL', () => {
    expect(text).toMatch(
      /^gridwall_http_request_duration_seconds_count\{route="\/api\/stats",method="GET",status_class="2xx"\} 1$/m,
    );
    expect(text).toMatch(/route="\/api\/cases\/:caseId",method="GET",status_class="4xx"/);
    expect(text).toMatch(/route="\(no route\)",method="GET",status_class="4xx"/);
    expect(text).not.toContain('SECRET-CASE-4711');
    expect(text).not.toContain('no-such-route-0815');
  });

  it('exports the build, and the database seen by its probe and its queries', async () => {
    expect(text).toContain(`gridwall_build_info{version="${VERSION}",node="${process.versions.node}"} 1`);
    expect(text).toMatch(/^gridwall_db_up 1$/m);
    expect(text).toMatch(/^gridwall_db_probe_duration_seconds_count [1-9]/m);
    expect(text).toMatch(/^gridwall_db_query_duration_seconds_count\{outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^gridwall_db_pool_connections\{state="in_use"\} \d+$/m);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ version: VERSION, node: process.versions.node, liveSockets: 0, database: 'up' });
  });

  it('ships a Grafana dashboard that reads only metrics the server exports', () => {
    const dashboard = JSON.parse(readFileSync(new URL('../deploy/grafana-dashboard.json', import.meta.url), 'utf8'));
    const exprs = dashboardExpressions(dashboard);
    expect(exprs.length).toBeGreaterThan(15);
    const exported = exportedNames(text);
    const used = new Set(exprs.flatMap(metricsOf));
    expect([...used].filter((n) => !exported.has(n))).toEqual([]);
    // What the operator asked to see is on it.
    for (const n of [
      'gridwall_live_clients',
      'gridwall_ingest_events_total',
      'gridwall_event_to_patch_seconds_bucket',
      'gridwall_http_request_duration_seconds_bucket',
      'gridwall_db_probe_duration_seconds_bucket',
      'gridwall_event_lag_seconds_bucket',
      'process_resident_memory_bytes',
    ]) {
      expect(used, n).toContain(n);
    }
  });

  it('ships a Prometheus example scraping each replica directly on port 3000', () => {
    const yml = readFileSync(new URL('../deploy/prometheus.yml', import.meta.url), 'utf8');
    expect(yml).toMatch(/metrics_path: \/metrics/);
    expect(yml).toMatch(/targets: \['app1:3000', 'app2:3000'\]/);
  });
});

describe('reading PromQL', () => {
  it('finds the metric names, not the functions, labels or ranges', () => {
    expect(
      metricsOf(
        'histogram_quantile(0.95, sum by (le, route) (rate(gridwall_http_request_duration_seconds_bucket{instance=~"$instance"}[5m])))',
      ),
    ).toEqual(['gridwall_http_request_duration_seconds_bucket']);
    expect(metricsOf('sum(gridwall_live_clients) / count(gridwall_build_info)')).toEqual([
      'gridwall_live_clients',
      'gridwall_build_info',
    ]);
    expect(metricsOf('label_values(gridwall_build_info, instance)')).toEqual(['gridwall_build_info']);
  });
});
