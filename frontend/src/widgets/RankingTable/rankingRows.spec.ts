import { describe, expect, it } from 'vitest';
import { issuedRanking, rankingRow, rate } from '../../testing/fixtures';
import { blockNote, changeOf, packRanking, rankingBlocks, rankingLines, rankingSummary } from './rankingRows';

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

describe('rankingBlocks', () => {
  it('splits a grouped ranking into its groups, each with its own ranks, ties, cards and 末位', () => {
    const sut = rankingBlocks(
      issuedRanking([3, 2], {
        rows: [
          rankingRow(1, { rank: 1, group: 'urban' }),
          rankingRow(2, { rank: 2, group: 'urban', flags: ['yellow'] }),
          rankingRow(3, { rank: 2, group: 'urban', flags: ['red', 'last'] }),
          rankingRow(4, { rank: 1, group: 'county' }),
          rankingRow(5, { rank: 2, group: 'county', flags: ['last'] }),
        ],
      }),
    );
    expect(sut.map((b) => [b.key, b.name, b.lines.map((l) => l.rankText)])).toEqual([
      ['urban', '城区组', ['1', '2', '2']],
      ['county', '县（市）组', ['1', '2']],
    ]);
    // Rank 1 appears in both groups, but is tied in neither.
    expect(sut.flatMap((b) => b.lines.filter((l) => l.tied).map((l) => l.code))).toEqual(['410102', '410103']);
    expect(sut[0].summary).toMatchObject({ ranked: 3, red: 1, yellow: 1, last: ['单位3'] });
    expect(sut[1].summary.last).toEqual(['单位5']);
  });

  it('keeps an ungrouped ranking as one unnamed block, and puts rows of an unlisted group under 其他', () => {
    expect(rankingBlocks({ rows: [rankingRow(1)] }).map((b) => [b.key, b.name])).toEqual([['', '']]);
    const sut = rankingBlocks({
      groups: [{ key: 'subdistrict', name: '街道组' }],
      rows: [rankingRow(1, { group: 'subdistrict' }), rankingRow(2, { group: 'other' })],
    });
    expect(sut.map((b) => b.name)).toEqual(['街道组', '其他']);
    expect(rankingBlocks(null)).toEqual([]);
  });

  it('shows 结案率 and 应结案 of every row, and — for a missing change when there was no previous period', () => {
    const [line] = rankingBlocks({ rows: [rankingRow(1, { change: null })] }, { noPrevious: true })[0].lines;
    expect(line).toMatchObject({ closeRate: '93.8%', due: '96', change: { text: '—' } });
  });
});

describe('packRanking / blockNote', () => {
  it('puts a heading above each group and repeats it (续) where a group continues', () => {
    const blocks = rankingBlocks(issuedRanking([3, 2]));
    const sut = packRanking(blocks, 4).map((col) =>
      col.map((l) => (l.kind === 'head' ? `#${l.group.key}${l.continued ? '+' : ''}` : l.item.code)),
    );
    expect(sut).toEqual([
      ['#urban', '410101', '410102', '410103'],
      ['#county', '410104', '410105'],
    ]);
    expect(packRanking(rankingBlocks({ rows: [rankingRow(1), rankingRow(2)] }), 4)[0].map((l) => l.kind)).toEqual([
      'item',
      'item',
    ]);
    expect(blockNote(blocks[0].summary)).toBe('参评 3');
    expect(blockNote({ ranked: 4, unranked: 1, red: 1, yellow: 2, last: [] })).toBe(
      '参评 4 · 红牌 1 · 黄牌 2 · 样本不足 1',
    );
  });
});
