// Sizes and switches of a run: defaults for `npm run bench`, tiny ones for `--smoke`; every one
// can be set by a CLI flag (--name value or --name=value) or an environment variable BENCH_NAME.

const FULL = {
  repeats: 3,
  // Main dataset: history loaded straight into MariaDB for reads, fan-out, polling and browser.
  historyDays: 30,
  historyPerDay: 4000,
  // 1. Ingest.
  ingestBatches: [1, 100, 1000],
  ingestConcurrency: { 1: 8, 100: 4, 1000: 2 },
  ingestSeconds: 6,
  steadyRate: 200,
  steadySeconds: 10,
  // 2. Fan-out.
  fanoutClients: [1000, 5000, 10000],
  fanoutRates: [100, 1000],
  fanoutWindowSeconds: 3,
  fanoutConnectPerSecond: 400,
  fanoutClientsPerProcess: 2500,
  fanoutConnectTimeoutSeconds: 240,
  // 3. Cold start.
  coldCases: 120_000,
  coldSpanDays: 0, // 0: cases / 4,000 per day
  coldEvents: true,
  coldDatabases: ['mariadb', 'sqlite'],
  // 4. Reads.
  readsSeconds: 1,
  readsConcurrency: 8,
  readsBackgroundRate: 100,
  // 5. Polling vs push.
  pollScreens: 200,
  pollIntervalSeconds: 5,
  pollSeconds: 10,
  pollRate: 20,
  pollPool: 20,
  // 6. Browser.
  pages: ['wall', 'live'],
  browserRenderRepeats: 3,
  browserPatchSeconds: 15,
  browserPatchRate: 50,
  browserSoakSeconds: 45,
  browserSoakRate: 200,
  browserSampleSeconds: 5,
  // 7. Assessments (issue 11): a fresh database with a calendar year of history.
  assessDatabases: ['mariadb'],
  assessYear: 0, // 0: the year before last (city time), older than anything the live state holds
  assessYearDays: 0, // 0: the whole year; N: only its last N days (the year figure is then scaled)
  assessPerDay: 4000,
  assessLiveDays: 30, // the last days before now, so the live state is realistic
  assessKinds: ['week', 'month', 'year'],
  assessRepeats: 1,
  assessSampleMs: 50,
  assessLiveKind: 'month',
  assessLiveRate: 100,
  assessLiveSeconds: 30,
  assessLivePairs: 3,
  // 8. Baselines (issue 14): the project against bare node:http, raw mysql2 and bare Socket.IO.
  baselineParts: ['reads', 'fanout', 'ingest'],
  baselinePairs: 3,
  baselineReadSeconds: 2,
  baselineReadEncodings: ['identity', 'gzip'],
  baselineReadBackgroundRates: [0, 100],
  baselineBatch: 1000,
  baselineSingleConcurrency: 20,
  baselineIngestSeconds: 5,
  baselineFanoutClients: [1000],
  baselineFanoutRate: 100,
  baselineWindowSeconds: 5,
  // 9. Replay (issue 16): frames of the wall at past moments on a fresh database.
  replayDays: 30,
  replayPerDay: 4000,
  replayFrames: 30,
  replayPeriods: ['day', 'week'],
  // 10. History import (issue 16): import against batched ingest, same events, same database kind.
  importDatabases: ['sqlite', 'mysql'],
  importEvents: 100000,
  importBatches: [2000, 5000],
  sections: [
    'polling',
    'reads',
    'browser',
    'fanout',
    'ingest',
    'coldstart',
    'assessments',
    'baseline',
    'replay',
    'import',
  ],
  keepDatabases: false,
  out: 'latest.json',
  report: true,
  // ≈ 20 min for sections 1–6, ≈ 21 min for the assessments (a year bulk-loaded, then issued).
  budgetMinutes: 49,
};

const SMOKE = {
  ...FULL,
  repeats: 1,
  historyDays: 1,
  historyPerDay: 300,
  ingestSeconds: 1,
  steadyRate: 50,
  steadySeconds: 1,
  fanoutClients: [20, 40],
  fanoutRates: [50],
  fanoutWindowSeconds: 1,
  fanoutConnectPerSecond: 200,
  fanoutClientsPerProcess: 20,
  fanoutConnectTimeoutSeconds: 60,
  coldCases: 2000,
  readsSeconds: 0.3,
  readsConcurrency: 2,
  readsBackgroundRate: 20,
  pollScreens: 10,
  pollIntervalSeconds: 1,
  pollSeconds: 2,
  pollRate: 20,
  pollPool: 4,
  browserRenderRepeats: 1,
  browserPatchSeconds: 2,
  browserPatchRate: 20,
  browserSoakSeconds: 4,
  browserSoakRate: 50,
  browserSampleSeconds: 2,
  assessYearDays: 10,
  assessPerDay: 300,
  assessLiveDays: 1,
  assessKinds: ['week'],
  assessLiveKind: 'week',
  assessLiveRate: 20,
  assessLiveSeconds: 2,
  assessLivePairs: 1,
  baselinePairs: 1,
  baselineReadSeconds: 0.5,
  baselineReadBackgroundRates: [20],
  baselineIngestSeconds: 1,
  baselineFanoutClients: [20],
  baselineWindowSeconds: 1.5,
  replayDays: 3,
  replayPerDay: 300,
  replayFrames: 3,
  replayPeriods: ['day'],
  importDatabases: ['sqlite'],
  importEvents: 3000,
  importBatches: [2000],
  out: 'smoke.json',
  report: false,
  budgetMinutes: 4,
};

const kebab = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (k) => `BENCH_${kebab(k).replace(/-/g, '_').toUpperCase()}`;

function coerce(template, raw, name) {
  if (Array.isArray(template)) {
    const parts = String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return typeof template[0] === 'number' ? parts.map((p) => num(p, name)) : parts;
  }
  if (typeof template === 'number') return num(raw, name);
  if (typeof template === 'boolean') return ['1', 'true', 'on', 'yes', ''].includes(String(raw).toLowerCase());
  if (typeof template === 'object') return JSON.parse(raw);
  return String(raw);
}

function num(raw, name) {
  const v = Number(String(raw).replace(/_/g, ''));
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${kebab(name)}: not a number: ${raw}`);
  return v;
}

/** Parses argv and the environment into the options of a run. */
export function parseOptions(argv = process.argv.slice(2), env = process.env) {
  const smoke = argv.includes('--smoke') || ['1', 'true'].includes(env.BENCH_SMOKE ?? '');
  const base = smoke ? SMOKE : FULL;
  const opts = { ...base, smoke };
  for (const key of Object.keys(base)) {
    if (env[envName(key)] !== undefined) opts[key] = coerce(base[key], env[envName(key)], key);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') continue;
    if (a === '--help' || a === '-h') {
      opts.help = true;
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (see --help)`);
    const key = Object.keys(base).find(
      (k) => kebab(k) === m[1] || (m[1].startsWith('no-') && kebab(k) === m[1].slice(3)),
    );
    if (!key) throw new Error(`unknown option --${m[1]} (see --help)`);
    if (m[1].startsWith('no-')) {
      opts[key] = false;
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      if (typeof base[key] === 'boolean') value = 'true';
      else value = argv[++i];
    }
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    opts[key] = coerce(base[key], value, key);
  }
  if (opts.coldSpanDays === 0) opts.coldSpanDays = Math.max(1, Math.ceil(opts.coldCases / 4000));
  // A run of some sections only never overwrites the full report.
  const all = FULL.sections;
  opts.complete = all.every((s) => opts.sections.includes(s));
  if (!opts.complete && opts.out === 'latest.json') opts.out = 'partial.json';
  if (!opts.complete || opts.smoke) opts.report = false;
  return opts;
}

/** Help text listing every option with its default. */
export function helpText() {
  const lines = [
    'npm run bench [-- --option value …]     full run: bench/results/latest.json and bench/REPORT.md',
    'npm run bench:smoke                      tiny sizes, same code paths: bench/results/smoke.json only',
    '',
    'Options (flag, environment variable, default):',
  ];
  for (const [k, v] of Object.entries(FULL)) {
    lines.push(`  --${kebab(k)}`.padEnd(34) + envName(k).padEnd(36) + JSON.stringify(v));
  }
  lines.push('', 'Booleans take --name / --no-name. Lists are comma-separated: --fanout-clients 1000,5000,10000.');
  lines.push('Pages (bench/lib/pages.mjs): wall, live; the first one also gets the heap run.');
  lines.push('Cold start at the issue size: --cold-cases 4000000 (add --no-cold-events to skip loading case_event).');
  lines.push(
    'Assessments: --assess-year-days 60 loads only the last 60 days of the year (the year figure is then scaled, and says so);',
    '  --assess-databases mariadb,sqlite measures SQLite too; --assess-kinds week,month,quarter,year.',
  );
  return lines.join('\n');
}
