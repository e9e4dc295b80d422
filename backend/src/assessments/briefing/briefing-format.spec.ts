import type { RankingRow, RankingView } from '@gridwall/shared';
import { describe, expect, it } from 'vitest';
import {
  briefingTitle,
  changeLabel,
  chineseOrdinal,
  flagsLabel,
  headlineFigures,
  issueLine,
  pct,
  periodDatesZh,
  rankingSections,
  rankLabel,
} from './briefing-format';
import { sampleBriefing } from '../../testing/briefing-fixture';

const row = (code: string, group: string | undefined, rank: number | null, flags: RankingRow['flags'] = []) =>
  ({ code, name: code, group, rank, flags }) as RankingRow;

describe('briefing-format', () => {
  const data = sampleBriefing();

  describe(briefingTitle.name, () => {
    it('names the scope and the period', () => {
      expect(briefingTitle(data)).toBe('郑州市2026年11月网格化管理工作通报');
    });
  });

  describe(issueLine.name, () => {
    it('gives issue time in city time, version, events and the first 12 hex of the hash', () => {
      expect(issueLine(data)).toBe('发布：2026年12月1日 02:00 · 第1版 · 事件数 18437 · 校验码 3fa9c2e01b7d');
    });
  });

  describe(periodDatesZh.name, () => {
    it('covers the period with its end day inclusive', () => {
      expect(periodDatesZh(data)).toBe('2026年11月1日—11月30日');
    });

    it('names the end year when the period crosses a new year', () => {
      const week = {
        ...data,
        assessment: { ...data.assessment, from: '2026-12-28T00:00:00.000+08:00', to: '2027-01-04T00:00:00.000+08:00' },
      };
      expect(periodDatesZh(week)).toBe('2026年12月28日—2027年1月3日');
    });
  });

  describe(pct.name, () => {
    it('shows two decimals, and — for a zero denominator', () => {
      expect(pct({ value: 911 / 972, numerator: 911, denominator: 972 })).toBe('93.72%');
      expect(pct({ value: 737 / 972, numerator: 737, denominator: 972 })).toBe('75.82%');
      expect(pct({ value: null, numerator: 0, denominator: 0 })).toBe('—');
    });
  });

  describe(headlineFigures.name, () => {
    it('leads with 立案, 应结案, 结案 and the rates over 应结案, 办结率 last as progress', () => {
      const f = headlineFigures(data.stats);
      expect(f.map((x) => x.label)).toEqual([
        '立案',
        '应结案',
        '结案',
        '结案率',
        '按期结案率',
        '满意率',
        '返工率',
        '延期率',
        '办结率（进度）',
      ]);
      expect(f.slice(0, 3).map((x) => (x.kind === 'count' ? x.count : null))).toEqual([996, 972, 911]);
    });
  });

  describe(changeLabel.name, () => {
    it('shows moves with arrows and no move as —', () => {
      expect(changeLabel(2)).toBe('↑2');
      expect(changeLabel(-3)).toBe('↓3');
      expect(changeLabel(0)).toBe('—');
      expect(changeLabel(null)).toBe('—');
    });
  });

  describe(rankLabel.name, () => {
    it('shows 样本不足 for unranked rows, and they carry no card', () => {
      const r = row('x', undefined, null, ['red', 'last']);
      expect(rankLabel(r)).toBe('样本不足');
      expect(flagsLabel(r)).toBe('');
      expect(flagsLabel(row('y', undefined, 3, ['red', 'last']))).toBe('红牌、末位');
    });
  });

  describe(rankingSections.name, () => {
    it('keeps the order of the groups and puts rows of unlisted groups last', () => {
      const view: RankingView = {
        tier: 'township',
        scope: '410100',
        period: 'month',
        groups: [
          { key: 'street', name: '街道组' },
          { key: 'town', name: '乡镇组' },
          { key: 'empty', name: '空组' },
        ],
        rows: [row('a', 'street', 1), row('b', 'street', 2), row('c', 'town', 1), row('d', 'other', 1)],
      };
      const sections = rankingSections(view);
      expect(sections.map((s) => [s.name, s.rows.map((r) => r.code)])).toEqual([
        ['街道组', ['a', 'b']],
        ['乡镇组', ['c']],
        ['其他', ['d']],
      ]);
    });

    it('gives one unnamed section for a tier without groups', () => {
      const view: RankingView = {
        tier: 'department',
        scope: '410100',
        period: 'month',
        rows: [row('a', undefined, 1)],
      };
      expect(rankingSections(view)).toEqual([{ key: null, name: null, rows: view.rows }]);
    });
  });

  describe(chineseOrdinal.name, () => {
    it('numbers sections the Chinese way', () => {
      expect([1, 6, 10, 11, 20, 23].map(chineseOrdinal)).toEqual(['一', '六', '十', '十一', '二十', '二十三']);
    });
  });
});
