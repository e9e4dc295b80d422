import { describe, expect, it } from 'vitest';
import { assessmentHeader } from '../testing/fixtures';
import { choiceKey, headerOf, issuedOptionLabel, issuedOptions, parseChoiceKey, sameChoice } from './periodChoice';

describe('choiceKey / parseChoiceKey', () => {
  it('writes live and issued choices as keys and reads them back', () => {
    const issued = { mode: 'issued', kind: 'week', period: '2026-W48' } as const;
    expect(choiceKey({ mode: 'live', period: 'day' })).toBe('live:day');
    expect(choiceKey(issued)).toBe('issued:week:2026-W48');
    expect(parseChoiceKey('issued:week:2026-W48')).toEqual(issued);
    expect(parseChoiceKey('live:month')).toEqual({ mode: 'live', period: 'month' });
    expect(sameChoice(issued, parseChoiceKey(choiceKey(issued))!)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'live', 'live:decade', 'issued:decade:2026', 'issued:week:', 'issued:week:a:b'])
      expect(parseChoiceKey(bad), bad).toBeNull();
  });
});

describe('issuedOptions', () => {
  it('offers the issued periods by kind, newest first, labelled （已发布）', () => {
    const sut = issuedOptions({
      week: [assessmentHeader({ period: '2026-W48' }), assessmentHeader({ period: '2026-W47' })],
      month: [assessmentHeader({ kind: 'month', period: '2026-11' })],
      quarter: [],
      year: [assessmentHeader({ kind: 'year', period: '2025' })],
    });
    expect(sut.map((g) => [g.label, g.options.map((o) => o.label)])).toEqual([
      ['周评比', ['第48周（已发布）', '第47周（已发布）']],
      ['月通报', ['2026年11月（已发布）']],
      ['年考评', ['2025年（已发布）']],
    ]);
    expect(sut[0].options[1].key).toBe('issued:week:2026-W47');
  });

  it('finds the header of an offered issued choice, none for a live one', () => {
    const groups = issuedOptions({ week: [assessmentHeader({ period: '2026-W47', version: 2 })] });
    expect(headerOf(groups, { mode: 'issued', kind: 'week', period: '2026-W47' })?.version).toBe(2);
    expect(headerOf(groups, { mode: 'issued', kind: 'week', period: '2026-W40' })).toBeNull();
    expect(headerOf(groups, { mode: 'live', period: 'week' })).toBeNull();
    expect(issuedOptionLabel({ kind: 'quarter', period: '2026-Q3' })).toBe('2026年第三季度（已发布）');
  });
});
