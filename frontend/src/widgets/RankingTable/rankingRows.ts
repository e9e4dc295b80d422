/**
 * How ranking rows read on the wall: shared ranks shown as equal (with 并列), rank-change
 * arrows, 红牌/黄牌/末位 marks and every rate as a percentage or "—"; a grouped ranking
 * (分组考核) as one block per group, each with its own ranks, cards count and 末位. Pure, unit-tested.
 */
import { OTHER_GROUP } from '@gridwall/shared';
import type { RankingFlag, RankingRow, RankingView } from '@gridwall/shared';
import { formatCount, formatRate, NO_VALUE } from '../../utils/format';
import { packColumns, type PackedLine } from '../../utils/packColumns';

/** Direction of a rank change. */
export type ChangeDirection = 'up' | 'down' | 'same' | 'new';

/** One row as displayed. */
export interface RankingLine {
  code: string;
  name: string;
  /** Rank text ("1"), or 样本不足 for unranked rows. */
  rankText: string;
  /** The rank, null when unranked. */
  rank: number | null;
  /** True when another row holds the same rank (ties share a rank: 1, 2, 2, 4). */
  tied: boolean;
  /** Score with two decimals, or "—". */
  scoreText: string;
  /** Score in [0, 100] for a bar; 0 when unranked. */
  score: number;
  change: { direction: ChangeDirection; text: string };
  /** 结案率 (the rate assessed on). */
  closeRate: string;
  /** 办结率: progress only, never a column of its own on a ranking. */
  resolutionRate: string;
  onTimeRate: string;
  localRate: string;
  satisfactionRate: string;
  accepted: string;
  /** 应结案数. */
  due: string;
  overdueNow: string;
  /** Ranking group key, when the tier has groups. */
  group: string | null;
  /** Flags in a fixed order: card first, then 末位. */
  flags: RankingFlag[];
  /** Strongest tone of the row. */
  tone: 'red' | 'yellow' | 'none';
}

/** The arrow and text of a rank change (positive = moved up). */
export function changeOf(change: number | null, ranked: boolean): RankingLine['change'] {
  if (!ranked) return { direction: 'same', text: '' };
  if (change === null) return { direction: 'new', text: '新' };
  if (change > 0) return { direction: 'up', text: `↑${change}` };
  if (change < 0) return { direction: 'down', text: `↓${-change}` };
  return { direction: 'same', text: '–' };
}

const FLAG_ORDER: RankingFlag[] = ['red', 'yellow', 'last'];

/** Options of {@link rankingLines}. */
export interface RankingLineOptions {
  /**
   * There is no previous period to compare with (the first issued assessment): a missing change
   * reads — instead of 新.
   * @default false
   */
  noPrevious?: boolean;
}

/**
 * Display lines of `rows`, in the server's order (ranked, then 样本不足). Ties are found within a
 * row's group: ranks of different groups are separate lists.
 */
export function rankingLines(rows: readonly RankingRow[], options: RankingLineOptions = {}): RankingLine[] {
  const counts = new Map<string, number>();
  const tieKey = (row: RankingRow): string => `${row.group ?? ''}#${row.rank}`;
  for (const row of rows) if (row.rank !== null) counts.set(tieKey(row), (counts.get(tieKey(row)) ?? 0) + 1);
  return rows.map((row) => {
    const ranked = row.rank !== null;
    const flags = FLAG_ORDER.filter((f) => row.flags.includes(f));
    return {
      code: row.code,
      name: row.name,
      rank: row.rank,
      rankText: ranked ? String(row.rank) : '样本不足',
      tied: ranked && (counts.get(tieKey(row)) ?? 0) > 1,
      scoreText: row.score === null ? NO_VALUE : row.score.toFixed(2),
      score: row.score === null ? 0 : Math.max(0, Math.min(100, row.score)),
      change:
        options.noPrevious && ranked && row.change === null
          ? { direction: 'same', text: NO_VALUE }
          : changeOf(row.change, ranked),
      closeRate: formatRate(row.closeRate),
      resolutionRate: formatRate(row.resolutionRate),
      onTimeRate: formatRate(row.onTimeRate),
      localRate: formatRate(row.localRate),
      satisfactionRate: formatRate(row.satisfactionRate),
      accepted: formatCount(row.accepted),
      due: formatCount(row.due),
      overdueNow: formatCount(row.overdueNow),
      group: row.group ?? null,
      flags,
      tone: flags.includes('red') ? 'red' : flags.includes('yellow') ? 'yellow' : 'none',
    };
  });
}

/** Counts of a ranking for its summary. */
export interface RankingSummary {
  /** Ranked units. */
  ranked: number;
  /** Units with too few cases (样本不足). */
  unranked: number;
  red: number;
  yellow: number;
  /** Names of the units holding the lowest rank (末位). */
  last: string[];
}

/** Summary of `rows`. */
export function rankingSummary(rows: readonly RankingRow[]): RankingSummary {
  const summary: RankingSummary = { ranked: 0, unranked: 0, red: 0, yellow: 0, last: [] };
  for (const row of rows) {
    if (row.rank === null) summary.unranked += 1;
    else summary.ranked += 1;
    if (row.flags.includes('red')) summary.red += 1;
    if (row.flags.includes('yellow')) summary.yellow += 1;
    if (row.flags.includes('last')) summary.last.push(row.name);
  }
  return summary;
}

/** One group of a ranking (分组考核), or the whole ranking when the tier has no groups. */
export interface RankingBlock {
  /** Group key; '' for an ungrouped ranking. */
  key: string;
  /** Group heading (城区组 …); '' for an ungrouped ranking. */
  name: string;
  lines: RankingLine[];
  summary: RankingSummary;
}

/**
 * The blocks of `view`: one per group in the server's order when it has `groups` (rows come
 * group by group; a row naming a group not listed goes to a block of its own, `other` named
 * 其他), else one unnamed block of every row.
 */
export function rankingBlocks(
  view: Pick<RankingView, 'rows' | 'groups'> | null,
  options: RankingLineOptions = {},
): RankingBlock[] {
  if (!view) return [];
  const lines = rankingLines(view.rows, options);
  if (!view.groups || view.groups.length === 0) {
    return lines.length > 0 ? [{ key: '', name: '', lines, summary: rankingSummary(view.rows) }] : [];
  }
  const names = new Map(view.groups.map((g) => [g.key, g.name]));
  const order = view.groups.map((g) => g.key);
  const byGroup = new Map<string, { lines: RankingLine[]; rows: RankingRow[] }>();
  view.rows.forEach((row, i) => {
    const key = row.group ?? OTHER_GROUP.key;
    if (!byGroup.has(key)) {
      byGroup.set(key, { lines: [], rows: [] });
      if (!names.has(key)) order.push(key);
    }
    const block = byGroup.get(key)!;
    block.lines.push(lines[i]);
    block.rows.push(row);
  });
  return order
    .filter((key) => byGroup.has(key))
    .map((key) => {
      const block = byGroup.get(key)!;
      return {
        key,
        name: names.get(key) ?? (key === OTHER_GROUP.key ? OTHER_GROUP.name : key),
        lines: block.lines,
        summary: rankingSummary(block.rows),
      };
    });
}

/** A line of a packed ranking column: a group heading or a row. */
export type RankingPackedLine = PackedLine<RankingBlock, RankingLine>;

/**
 * `blocks` laid out in columns of `rowsPerColumn` lines, a heading above each group (repeated,
 * marked 续, where a group continues in the next column); an ungrouped ranking has no heading.
 */
export function packRanking(blocks: readonly RankingBlock[], rowsPerColumn: number): RankingPackedLine[][] {
  return packColumns(blocks, {
    rowsPerColumn,
    items: (b) => b.lines,
    groupKey: (b) => b.key || 'all',
    itemKey: (l) => l.code,
    heads: (b) => b.name !== '',
  });
}

/** The heading note of a group: 参评 6 · 红牌 1 · 黄牌 2 · 样本不足 1 (zero counts left out). */
export function blockNote(summary: RankingSummary): string {
  const parts = [`参评 ${summary.ranked}`];
  if (summary.red) parts.push(`红牌 ${summary.red}`);
  if (summary.yellow) parts.push(`黄牌 ${summary.yellow}`);
  if (summary.unranked) parts.push(`样本不足 ${summary.unranked}`);
  return parts.join(' · ');
}
