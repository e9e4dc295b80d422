import { describe, expect, it } from 'vitest';
import { packColumns, pagesOf } from './packColumns';

interface G {
  id: string;
  items: string[];
}
const opts = (rows: number) => ({
  rowsPerColumn: rows,
  items: (g: G) => g.items,
  groupKey: (g: G) => g.id,
  itemKey: (i: string) => i,
});
const shape = (cols: ReturnType<typeof packColumns<G, string>>) =>
  cols.map((c) => c.map((l) => (l.kind === 'head' ? `${l.group.id}${l.continued ? '+' : ''}` : l.item)));

describe('packColumns', () => {
  it('fills columns in order and continues a long group under a repeated head', () => {
    const sut = packColumns<G, string>(
      [
        { id: 'A', items: ['a1', 'a2', 'a3', 'a4'] },
        { id: 'B', items: ['b1'] },
      ],
      opts(4),
    );

    expect(shape(sut)).toEqual([
      ['A', 'a1', 'a2', 'a3'],
      ['A+', 'a4', 'B', 'b1'],
    ]);
  });

  it('never leaves a head alone at the bottom of a column', () => {
    const sut = packColumns<G, string>(
      [
        { id: 'A', items: ['a1', 'a2'] },
        { id: 'B', items: ['b1'] },
      ],
      opts(4),
    );

    expect(shape(sut)).toEqual([
      ['A', 'a1', 'a2'],
      ['B', 'b1'],
    ]);
  });
});

describe('pagesOf', () => {
  it('splits columns into pages and always yields one page', () => {
    expect(pagesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pagesOf([], 3)).toEqual([[]]);
  });
});

describe('packColumns heads', () => {
  it('gives no head line to a group that needs none', () => {
    const sut = packColumns<G, string>([{ id: 'all', items: ['a', 'b', 'c'] }], { ...opts(2), heads: () => false });
    expect(shape(sut)).toEqual([['a', 'b'], ['c']]);
  });
});
