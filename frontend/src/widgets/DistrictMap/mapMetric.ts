/**
 * The metrics the map can be coloured by, read from ranking rows: how each is labelled, read,
 * formatted and coloured. Pure.
 */
import type { RankingRow } from '@gridwall/shared';
import { formatCount, NO_VALUE } from '../../utils/format';

/** Metrics the map can be coloured by: fields of a ranking row. */
export const MAP_METRICS = [
  'score',
  'closeRate',
  'resolutionRate',
  'onTimeRate',
  'localRate',
  'satisfactionRate',
  'overdueNow',
  'accepted',
] as const;
/** One map metric. */
export type MapMetric = (typeof MAP_METRICS)[number];

/** How one metric is shown. */
export interface MapMetricSpec {
  /** Chinese label. */
  label: string;
  /** The row's value; null when it has none (a rate over zero cases, an unranked score). */
  read(row: RankingRow): number | null;
  /** Display text of a value. */
  format(value: number | null): string;
  /** True when a higher value is better (green); false for backlogs. */
  higherIsBetter: boolean;
  /** Fixed colour range, or null to span the data. */
  range: [number, number] | null;
}

const rateSpec = (
  label: string,
  key: 'closeRate' | 'resolutionRate' | 'onTimeRate' | 'localRate' | 'satisfactionRate',
): MapMetricSpec => ({
  label,
  read: (row) => row[key].value,
  format: (v) => (v === null ? NO_VALUE : `${(v * 100).toFixed(1)}%`),
  higherIsBetter: true,
  range: null,
});

/** A case count of the row, read as is. */
const countSpec = (label: string, key: 'overdueNow' | 'accepted', higherIsBetter: boolean): MapMetricSpec => ({
  label,
  read: (row) => row[key],
  format: (v) => formatCount(v),
  higherIsBetter,
  range: null,
});

/** Every map metric. */
export const MAP_METRIC_SPECS: Record<MapMetric, MapMetricSpec> = {
  score: {
    label: '综合得分',
    read: (row) => row.score,
    format: (v) => (v === null ? NO_VALUE : v.toFixed(2)),
    higherIsBetter: true,
    range: null,
  },
  closeRate: rateSpec('结案率', 'closeRate'),
  // 办结率 is the cohort's progress, not a grade: it can colour the map, under its progress name.
  resolutionRate: rateSpec('办结进度', 'resolutionRate'),
  onTimeRate: rateSpec('按期结案率', 'onTimeRate'),
  localRate: rateSpec('属地化解率', 'localRate'),
  satisfactionRate: rateSpec('满意率', 'satisfactionRate'),
  overdueNow: countSpec('超期件数', 'overdueNow', false),
  accepted: countSpec('立案数', 'accepted', true),
};

/** [min, max] of the metric over `rows` (values present only); [0, 1] when there are none. */
export function metricExtent(rows: readonly RankingRow[], spec: MapMetricSpec): [number, number] {
  if (spec.range) return spec.range;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const v = spec.read(row);
    if (v === null) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (!Number.isFinite(min)) return [0, 1];
  return min === max ? [min - (Math.abs(min) * 0.01 || 1), max + (Math.abs(max) * 0.01 || 1)] : [min, max];
}
