/**
 * Lays grouped lists out in fixed-height columns and pages, as a wall shows them: a group that
 * does not fit continues in the next column under a repeated (续) header. Pure, unit-tested.
 */

/** One line of a packed column. */
export type PackedLine<G, I> =
  { kind: 'head'; group: G; continued: boolean; key: string } | { kind: 'item'; group: G; item: I; key: string };

/** Options of {@link packColumns}. */
export interface PackOptions<G, I> {
  /** Lines per column (head and item lines are one line each). */
  rowsPerColumn: number;
  /** Items of a group. */
  items: (group: G) => readonly I[];
  /** Stable key of a group and of an item. */
  groupKey: (group: G) => string;
  itemKey: (item: I) => string;
  /**
   * Whether a group gets a head line (a list of one unnamed group needs none).
   * @default every group does
   */
  heads?: (group: G) => boolean;
}

/** Packs `groups` into columns of `rowsPerColumn` lines; a head never ends a column. */
export function packColumns<G, I>(groups: readonly G[], options: PackOptions<G, I>): PackedLine<G, I>[][] {
  const rows = Math.max(2, options.rowsPerColumn);
  const columns: PackedLine<G, I>[][] = [];
  let column: PackedLine<G, I>[] = [];
  const flush = (): void => {
    if (column.length > 0) columns.push(column);
    column = [];
  };
  for (const group of groups) {
    const gk = options.groupKey(group);
    const head = options.heads?.(group) ?? true;
    if (head) {
      // A head needs room for at least one item after it.
      if (column.length > rows - 2) flush();
      column.push({ kind: 'head', group, continued: false, key: `${gk}#h${columns.length}` });
    }
    for (const item of options.items(group)) {
      if (column.length >= rows) {
        flush();
        if (head) column.push({ kind: 'head', group, continued: true, key: `${gk}#h${columns.length}` });
      }
      column.push({ kind: 'item', group, item, key: `${gk}#${options.itemKey(item)}` });
    }
  }
  flush();
  return columns;
}

/** Splits `columns` into pages of `perPage` columns (at least one page, maybe empty). */
export function pagesOf<T>(columns: readonly T[], perPage: number): T[][] {
  const n = Math.max(1, perPage);
  const pages: T[][] = [];
  for (let i = 0; i < columns.length; i += n) pages.push(columns.slice(i, i + n));
  return pages.length > 0 ? pages : [[]];
}
