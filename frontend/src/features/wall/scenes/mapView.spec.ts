import { describe, expect, it } from 'vitest';
import { rankingRow, rate } from '../../../testing/fixtures';
import { keyFigures, mapUnitLines } from './mapView';

describe('mapUnitLines', () => {
  it('sorts units by the metric, best first, units without a value last', () => {
    const sut = mapUnitLines(
      [
        rankingRow(1, { resolutionRate: rate(5, 10) }),
        rankingRow(2, { resolutionRate: rate(0, 0) }),
        rankingRow(3, { resolutionRate: rate(9, 10) }),
      ],
      'resolutionRate',
      null,
    );

    expect(sut.map((l) => [l.name, l.position, l.metricText])).toEqual([
      ['单位3', 1, '90.0%'],
      ['单位1', 2, '50.0%'],
      ['单位2', null, '—'],
    ]);
  });

  it('puts the smallest backlog first for overdue counts', () => {
    const sut = mapUnitLines([rankingRow(1, { overdueNow: 9 }), rankingRow(2, { overdueNow: 1 })], 'overdueNow', null);

    expect(sut.map((l) => l.name)).toEqual(['单位2', '单位1']);
  });
});

describe('keyFigures', () => {
  it('lists the scope figures, dashes before data', () => {
    expect(keyFigures(null).every((f) => f.text === '—')).toBe(true);
  });
});
