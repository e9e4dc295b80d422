/**
 * How ranking rows read on the wall: shared ranks shown as equal (with 并列), rank-change
 * arrows, 红牌/黄牌/末位 marks and every rate as a percentage or "—". Pure, unit-tested.
 */
import type { RankingFlag, RankingRow } from '@gridwall/shared';
import { formatCount, formatRate, NO_VALUE } from '../../utils/format';

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
  resolutionRate: string;
  onTimeRate: string;
  localRate: string;
  satisfactionRate: string;
  accepted: string;
  overdueNow: string;
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

/** Display lines of `rows`, in the server's order (ranked, then 样本不足). */
export function rankingLines(rows: readonly RankingRow[]): RankingLine[] {
  const counts = new Map<number, number>();
  for (const row of rows) if (row.rank !== null) counts.set(row.rank, (counts.get(row.rank) ?? 0) + 1);
  return rows.map((row) => {
    const ranked = row.rank !== null;
    const flags = FLAG_ORDER.filter((f) => row.flags.includes(f));
    return {
      code: row.code,
      name: row.name,
      rank: row.rank,
      rankText: ranked ? String(row.rank) : '样本不足',
      tied: ranked && (counts.get(row.rank as number) ?? 0) > 1,
      scoreText: row.score === null ? NO_VALUE : row.score.toFixed(2),
      score: row.score === null ? 0 : Math.max(0, Math.min(100, row.score)),
      change: changeOf(row.change, ranked),
      resolutionRate: formatRate(row.resolutionRate),
      onTimeRate: formatRate(row.onTimeRate),
      localRate: formatRate(row.localRate),
      satisfactionRate: formatRate(row.satisfactionRate),
      accepted: formatCount(row.accepted),
      overdueNow: formatCount(row.overdueNow),
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
