import { describe, expect, it } from 'vitest';
import zhengzhou from '../../../public/maps/zhengzhou-districts.geojson?raw';
import { addLabelPoints, insideRing, labelPoint } from './labelPoint';

describe('labelPoint', () => {
  it('is the middle of the largest outer ring', () => {
    const square = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const small = [
      [10, 10],
      [11, 10],
      [11, 11],
      [10, 10],
    ];

    expect(labelPoint({ type: 'MultiPolygon', coordinates: [[small], [square]] })).toEqual([2, 2]);
    expect(labelPoint({ type: 'Point', coordinates: [1, 1] })).toBeNull();
  });

  it('puts every Zhengzhou district label inside its own district', () => {
    const geo = JSON.parse(zhengzhou) as {
      features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][][] } }[];
    };

    addLabelPoints(geo.features);

    for (const f of geo.features) {
      const cp = f.properties.cp as [number, number];
      expect(insideRing(cp, f.geometry.coordinates[0][0]), String(f.properties.name)).toBe(true);
    }
  });
});
