import { describe, expect, it } from 'vitest';
import { mapAspect } from './mapLoader';

describe('mapAspect', () => {
  it('is the lon/lat box ratio times the vertical scale', () => {
    const features = [
      {
        geometry: {
          coordinates: [
            [
              [
                [113, 34],
                [115, 34],
                [115, 35],
                [113, 34],
              ],
            ],
          ],
        },
      },
      { geometry: null },
    ];

    expect(mapAspect(features, 0.8)).toBeCloseTo(1.6);
    expect(mapAspect([], 0.8)).toBe(1);
  });
});
