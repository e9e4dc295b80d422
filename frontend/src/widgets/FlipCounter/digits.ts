/**
 * The cells of a flip counter: digits (each flips when it changes) and group separators. Pure.
 */

/** One cell of a flip counter. */
export interface CounterCell {
  /** Stable while the digit stays the same: a changed digit gets a new key and flips. */
  key: string;
  text: string;
  kind: 'digit' | 'sep';
}

/**
 * Cells of `value` with thousands separators (12,345), or a single dash before the first
 * figure. Keys count from the right, so a digit keeps its key when the number grows a digit.
 */
export function counterCells(value: number | null, minDigits = 1): CounterCell[] {
  if (value === null || !Number.isFinite(value)) return [{ key: 'none', text: '—', kind: 'sep' }];
  const digits = String(Math.max(0, Math.round(value))).padStart(minDigits, '0');
  const cells: CounterCell[] = [];
  for (let i = 0; i < digits.length; i++) {
    const fromRight = digits.length - 1 - i;
    cells.push({ key: `d${fromRight}-${digits[i]}`, text: digits[i], kind: 'digit' });
    if (fromRight > 0 && fromRight % 3 === 0) cells.push({ key: `s${fromRight}`, text: ',', kind: 'sep' });
  }
  return cells;
}

/** Digit font size (px) for `cells`: smaller as the number grows, so 7 digits still fit a card. */
export function digitSize(cells: readonly CounterCell[]): number {
  const digits = cells.filter((c) => c.kind === 'digit').length;
  if (digits <= 4) return 54;
  if (digits === 5) return 46;
  if (digits === 6) return 38;
  if (digits === 7) return 31;
  return 27;
}
