/**
 * What the map scene lists beside the map: every unit's figures sorted by the chosen metric,
 * and the city's key figures. Pure.
 */
import type { RankingRow, StatsView } from '@gridwall/shared';
import { formatCount, formatRate, formatRateParts } from '../../../utils/format';
import { MAP_METRIC_SPECS, type MapMetric } from '../../../widgets/DistrictMap/mapMetric';

/** One unit line of the map scene's table. */
export interface MapUnitLine {
  code: string;
  name: string;
  /** Position by the metric, 1 = best; null when the unit has no value. */
  position: number | null;
  /** The metric's value as text. */
  metricText: string;
  /** The metric's value in [0, 1] of the range shown, for a bar. */
  share: number;
  score: string;
  /** 结案率. */
  closeRate: string;
  overdueNow: string;
  /** Whether the unit has a shape on the map (development zones may not). */
  onMap: boolean;
}

/** The units sorted by `metric`, best first; units without a value last. */
export function mapUnitLines(
  rows: readonly RankingRow[],
  metric: MapMetric,
  mapCodes: ReadonlySet<string> | null,
): MapUnitLine[] {
  const spec = MAP_METRIC_SPECS[metric];
  const valued = rows.map((row) => ({ row, value: spec.read(row) }));
  const max = Math.max(0, ...valued.map((v) => (v.value === null ? 0 : Math.abs(v.value))));
  valued.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
    return spec.higherIsBetter ? b.value - a.value : a.value - b.value;
  });
  return valued.map(({ row, value }, i) => ({
    code: row.code,
    name: row.name,
    position: value === null ? null : i + 1,
    metricText: spec.format(value),
    share: value === null || max === 0 ? 0 : Math.abs(value) / max,
    score: row.score === null ? '—' : row.score.toFixed(2),
    closeRate: formatRate(row.closeRate),
    overdueNow: formatCount(row.overdueNow),
    onMap: mapCodes === null || mapCodes.has(row.code),
  }));
}

/** One key figure of the scope. */
export interface KeyFigure {
  label: string;
  text: string;
  /** A rate's numerator/denominator, e.g. （911/972）. */
  detail?: string;
  tone: 'accent' | 'good' | 'warn' | 'alarm';
}

/** The scope's key figures for the map scene's side panel. */
export function keyFigures(stats: StatsView | null): KeyFigure[] {
  return [
    { label: '上报', text: formatCount(stats?.reported), tone: 'accent' },
    { label: '结案', text: formatCount(stats?.resolved), tone: 'good' },
    { label: '结案率', text: formatRate(stats?.closeRate), detail: formatRateParts(stats?.closeRate), tone: 'good' },
    {
      label: '按期结案率',
      text: formatRate(stats?.onTimeRate),
      detail: formatRateParts(stats?.onTimeRate),
      tone: 'good',
    },
    { label: '在办', text: formatCount(stats?.openNow), tone: 'warn' },
    { label: '超期', text: formatCount(stats?.overdueNow), tone: 'alarm' },
  ];
}
