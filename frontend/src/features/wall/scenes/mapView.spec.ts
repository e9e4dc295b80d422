import { describe, expect, it } from 'vitest';
import { rankingRow, rate, stats } from '../../../testing/fixtures';
import { keyFigures, mapUnitLines } from './mapView';

describe('mapUnitLines', () => {
  it('sorts units by the metric, best first, units without a value last', () => {
    const sut = mapUnitLines(
      [
        rankingRow(1, { closeRate: rate(5, 10) }),
        rankingRow(2, { closeRate: rate(0, 0) }),
        rankingRow(3, { closeRate: rate(9, 10) }),
      ],
      'closeRate',
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

  it('leads with 结案率 and 按期结案率, each with its numerator and denominator', () => {
    const sut = keyFigures(stats({ resolved: 911, closeRate: rate(911, 972), onTimeRate: rate(737, 972) }));
    expect(sut.map((f) => f.label)).toEqual(['上报', '结案', '结案率', '按期结案率', '在办', '超期']);
    expect(sut[2]).toMatchObject({ text: '93.7%', detail: '（911/972）' });
    expect(sut[3]).toMatchObject({ text: '75.8%', detail: '（737/972）' });
  });
});
