import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhengzhouTree } from '../testing/fixtures';
import { Rng } from '../simulator/rng';
import { planCase } from '../simulator/plan';
import { DistrictShapes, ZONE_SEATS } from './district-shapes';

const shapes = new DistrictShapes();
const tree = zhengzhouTree();

describe('DistrictShapes', () => {
  it('is the map the wall draws (the same file, so they cannot drift)', () => {
    const wall = readFileSync(resolve(__dirname, '../../../frontend/public/maps/zhengzhou-districts.geojson'), 'utf8');
    const backend = readFileSync(resolve(__dirname, 'seed/zhengzhou-districts.json'), 'utf8');
    expect(JSON.parse(backend)).toEqual(JSON.parse(wall));
  });

  it('knows every district of the tree: 12 outlines and the 3 zones by their seats', () => {
    for (const d of tree.ofLevel('district')) expect(shapes.knows(d.code), d.name).toBe(true);
    expect(Object.keys(ZONE_SEATS)).toEqual(['410171', '410172', '410173']);
  });

  it('tells a point inside its district from one in another', () => {
    // 登封市 (west) and 惠济区 (north, by the Yellow River) are far apart.
    const rng = new Rng(1);
    const dengfeng = shapes.randomPoint('410185', () => rng.next())!;
    expect(shapes.contains('410185', dengfeng)).toBe(true);
    expect(shapes.contains('410108', dengfeng)).toBe(false);
    expect(shapes.contains('410102', { lng: 0, lat: 0 })).toBe(false);
    expect(shapes.contains('999999', { lng: 113.6, lat: 34.7 })).toBeNull();
  });

  it('places every simulated case inside its own district', () => {
    const cells = tree.ofLevel('cell').map((c) => c.code);
    const world = {
      cells,
      districtOf: (code: string) => tree.ancestorAt(code, 'district')!.code,
      departmentsFor: () => ['city.cg'],
      timeLimitMs: () => 72 * 3_600_000,
      pointIn: (d: string, random: () => number) => shapes.randomPoint(d, random),
    };
    const byDistrict = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const report = planCase(`P-${i}`, Date.parse('2026-11-20T09:00:00+08:00') + i * 60_000, world)[0].event as {
        gridCode: string;
        location?: { lng: number; lat: number };
      };
      const district = tree.ancestorAt(report.gridCode, 'district')!.code;
      expect(report.location, report.gridCode).toBeDefined();
      expect(shapes.contains(district, report.location!), `${report.gridCode} ${JSON.stringify(report.location)}`).toBe(
        true,
      );
      byDistrict.set(district, (byDistrict.get(district) ?? 0) + 1);
    }
    expect(byDistrict.size).toBeGreaterThanOrEqual(12);
  });
});
