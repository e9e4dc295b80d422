import { describe, expect, it } from 'vitest';
import { rankingRow, rate } from '../../testing/fixtures';
import { changeOf, rankingLines, rankingSummary } from './rankingRows';

describe('rankingLines', () => {
  it('shows equal scores with equal rank, marked 并列', () => {
    const sut = rankingLines([
      rankingRow(1, { rank: 1, score: 90 }),
      rankingRow(2, { rank: 2, score: 85 }),
      rankingRow(3, { rank: 2, score: 85 }),
      rankingRow(4, { rank: 4, score: 80 }),
    ]);

    expect(sut.map((l) => [l.rankText, l.tied])).toEqual([
      ['1', false],
      ['2', true],
      ['2', true],
      ['4', false],
    ]);
  });

  it('marks red and yellow cards and 末位, and lists 样本不足 rows without a rank', () => {
    const sut = rankingLines([
      rankingRow(1, { score: 75, flags: ['yellow'] }),
      rankingRow(2, { score: 55.5, flags: ['last', 'red'] }),
      rankingRow(3, { rank: null, score: null, change: null, flags: [] }),
    ]);

    expect(sut[0]).toMatchObject({ tone: 'yellow', flags: ['yellow'], scoreText: '75.00' });
    expect(sut[1]).toMatchObject({ tone: 'red', flags: ['red', 'last'] });
    expect(sut[2]).toMatchObject({ rankText: '样本不足', scoreText: '—', tone: 'none', change: { text: '' } });
  });

  it('shows a rate over zero cases as —', () => {
    expect(rankingLines([rankingRow(1, { satisfactionRate: rate(0, 0) })])[0].satisfactionRate).toBe('—');
  });
});

describe('changeOf', () => {
  it('points up for a rise, down for a fall, and says 新 when not ranked before', () => {
    expect(changeOf(3, true)).toEqual({ direction: 'up', text: '↑3' });
    expect(changeOf(-2, true)).toEqual({ direction: 'down', text: '↓2' });
    expect(changeOf(0, true)).toEqual({ direction: 'same', text: '–' });
    expect(changeOf(null, true)).toEqual({ direction: 'new', text: '新' });
  });
});

describe('rankingSummary', () => {
  it('counts ranked, unranked and carded units and names the last', () => {
    const sut = rankingSummary([
      rankingRow(1, { flags: ['yellow'] }),
      rankingRow(2, { flags: ['red', 'last'] }),
      rankingRow(3, { rank: null, score: null }),
    ]);

    expect(sut).toEqual({ ranked: 2, unranked: 1, red: 1, yellow: 1, last: ['单位2'] });
  });
});
