/**
 * ECharts option of the map: the scope's units (districts for the city) coloured by one
 * metric of their ranking rows, each labelled with its name and value. Features are matched to
 * rows by area code (the GeoJSON property named by the `mapKey` URL parameter), so a city can
 * load its own boundaries. Pure: unit-tested without a DOM.
 */
import type { MapSeriesOption } from 'echarts/charts';
import type { VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { RankingRow } from '@gridwall/shared';
import { WALL_COLORS } from '../../theme';
import { MAP_ASPECT_SCALE } from './mapLoader';
import { MAP_METRIC_SPECS, metricExtent, type MapMetric } from './mapMetric';

/** The option type of this widget. */
export type DistrictMapOption = ComposeOption<MapSeriesOption | VisualMapComponentOption>;

/** Colour ramp from worst to best. */
export const MAP_RAMP = ['#ff4d5e', '#ff8a45', '#ffc34d', '#5fd3a8', '#1fb8ff'];

/** Input of {@link buildDistrictMapOption}. */
export interface DistrictMapInput {
  /** Name the GeoJSON is registered under (echarts registerMap). */
  mapName: string;
  /** Feature property holding the area code. */
  nameProperty: string;
  rows: readonly RankingRow[];
  metric: MapMetric;
  /** Width / height of the map (see loadMap). */
  aspect: number;
  /** Size of the chart, px; null before it is known. */
  box: { width: number; height: number } | null;
  /** A place to pin (a case's location), lon/lat; none when absent. */
  point?: { lng: number; lat: number } | null;
}

/** The map's longer side (ECharts layoutSize), px: as large as fits the box with a margin. */
export function mapLayoutSize(box: DistrictMapInput['box'], aspect: number): number | string {
  if (!box || box.width <= 0 || box.height <= 0) return '90%';
  const width = Math.min(box.width * 0.92, box.height * 0.9 * aspect);
  return Math.floor(aspect >= 1 ? width : width / aspect);
}

/** A fresh option for the map. */
export function buildDistrictMapOption(input: DistrictMapInput): DistrictMapOption {
  const spec = MAP_METRIC_SPECS[input.metric];
  const [min, max] = metricExtent(input.rows, spec);
  const byCode = new Map(input.rows.map((r) => [r.code, r]));
  const ramp = spec.higherIsBetter ? MAP_RAMP : [...MAP_RAMP].reverse();
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    visualMap: {
      type: 'continuous',
      // Without rows (a map that only pins a place) there is nothing to colour by.
      show: input.rows.length > 0,
      min,
      max,
      left: 8,
      bottom: 8,
      itemWidth: 18,
      itemHeight: 160,
      calculable: false,
      text: ['高', '低'],
      textGap: 8,
      textStyle: { color: WALL_COLORS.text, fontSize: 16 },
      inRange: { color: ramp },
      outOfRange: { color: 'rgba(127, 156, 199, 0.25)' },
      formatter: (value: unknown) => spec.format(Number(value)),
    },
    series: [
      {
        type: 'map',
        map: input.mapName,
        nameProperty: input.nameProperty,
        layoutCenter: ['50%', '50%'],
        layoutSize: mapLayoutSize(input.box, input.aspect),
        aspectScale: MAP_ASPECT_SCALE,
        selectedMode: false,
        silent: true,
        itemStyle: {
          areaColor: 'rgba(127, 156, 199, 0.25)',
          borderColor: 'rgba(214, 230, 255, 0.85)',
          borderWidth: 1.5,
          shadowColor: 'rgba(0, 160, 255, 0.6)',
          shadowBlur: 18,
        },
        label: {
          show: true,
          color: WALL_COLORS.bright,
          fontSize: 16,
          lineHeight: 22,
          textBorderColor: 'rgba(5, 13, 31, 0.9)',
          textBorderWidth: 3,
          formatter: (p: { name: string }) => {
            const row = byCode.get(p.name);
            return row ? `${row.name}\n${spec.format(spec.read(row))}` : '';
          },
        },
        data: input.rows.map((row) => ({ name: row.code, value: spec.read(row) ?? Number.NaN })),
        ...(input.point
          ? {
              markPoint: {
                symbol: 'pin',
                symbolSize: 56,
                itemStyle: { color: WALL_COLORS.alarm },
                label: { show: false },
                data: [{ name: 'case', coord: [input.point.lng, input.point.lat] }],
              },
            }
          : {}),
      },
    ],
  };
}
