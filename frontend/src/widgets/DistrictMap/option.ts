/**
 * ECharts option of the map: the scope's units (districts for the city) coloured by one
 * metric of their ranking rows, each labelled with its name and value. Features are matched to
 * rows by area code (the GeoJSON property named by the `mapKey` URL parameter), so a city can
 * load its own boundaries. Pure: unit-tested without a DOM.
 */
import type { EffectScatterSeriesOption, MapSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GeoComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { RankingRow } from '@gridwall/shared';
import { WALL_COLORS } from '../../theme';
import { MAP_ASPECT_SCALE } from './mapLoader';
import { ZONE_LABEL_OFFSETS } from './zoneSeats';
import { MAP_METRIC_SPECS, metricExtent, type MapMetric } from './mapMetric';

/** The option type of this widget. */
export type DistrictMapOption = ComposeOption<
  | MapSeriesOption
  | ScatterSeriesOption
  | EffectScatterSeriesOption
  | GeoComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** A unit marked on the map (a hotspot's district or zone), with its tooltip lines. */
export interface MapMark {
  /** Area code of the marked unit (a shape of the map, or a seat). */
  code: string;
  /** Where to draw it, lon/lat (the shape's label point or the zone's seat). */
  coord: readonly [number, number];
  /** Tooltip lines. */
  lines: readonly string[];
}

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
  /**
   * The pinned place lies outside the case's district (CaseDetail.locationInDistrict false):
   * drawn as a hollow, dashed mark labelled 位置待核实, not as a fact.
   */
  pointUnverified?: boolean;
  /** Units with no shape, drawn as points at their seat (code → lon/lat), coloured like shapes. */
  seats?: Readonly<Record<string, readonly [number, number]>>;
  /** Short label names of those units (code → name); the row's name otherwise. */
  seatNames?: Readonly<Record<string, string>>;
  /** Hotspot units to mark with a pulsing ring. */
  marks?: readonly MapMark[];
}

/** Name of the hotspot series (tooltips, tests). */
export const HOTSPOT_SERIES = '预警';
/** Name of the zones' series. */
export const SEAT_SERIES = '无边界单位';

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
  const layoutSize = mapLayoutSize(input.box, input.aspect);
  // Without a value (a map that only pins a place, a period without rankable units) there is
  // no scale to show: a 0.00–1.00 legend would be made up.
  const hasValues = input.rows.some((r) => spec.read(r) !== null);
  const seats = Object.entries(input.seats ?? {}).filter(([code]) => byCode.has(code));
  const marks = input.marks ?? [];
  const marked = new Set(marks.map((m) => m.code));
  const unverified = input.point && input.pointUnverified;
  // The points (zones, hotspots) need a coordinate system: a geo twin of the map series, laid
  // out exactly as it is and drawn invisibly under it.
  const needsGeo = seats.length > 0 || marks.length > 0;
  const series: DistrictMapOption['series'] = [
    {
      type: 'map',
      map: input.mapName,
      nameProperty: input.nameProperty,
      layoutCenter: ['50%', '50%'],
      layoutSize,
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
      data: input.rows
        .filter((row) => !(row.code in (input.seats ?? {})))
        .map((row) => ({
          name: row.code,
          value: spec.read(row) ?? Number.NaN,
          // A unit with a hotspot is outlined and labelled in the alarm colour as well as pulsing.
          ...(marked.has(row.code)
            ? {
                itemStyle: { borderColor: WALL_COLORS.alarm, borderWidth: 3 },
                label: { backgroundColor: WALL_COLORS.alarm, padding: [2, 6], borderRadius: 3, textBorderWidth: 0 },
              }
            : {}),
        })),
      ...(input.point
        ? {
            markPoint: {
              symbol: unverified ? 'emptyCircle' : 'pin',
              symbolSize: unverified ? 34 : 56,
              itemStyle: unverified
                ? { color: WALL_COLORS.warn, borderColor: WALL_COLORS.warn, borderWidth: 3, borderType: 'dashed' }
                : { color: WALL_COLORS.alarm },
              label: unverified
                ? {
                    show: true,
                    position: 'right',
                    formatter: '位置待核实',
                    color: WALL_COLORS.warn,
                    fontSize: 18,
                    textBorderColor: 'rgba(5, 13, 31, 0.9)',
                    textBorderWidth: 3,
                  }
                : { show: false },
              data: [{ name: 'case', coord: [input.point.lng, input.point.lat] }],
            },
          }
        : {}),
    },
  ];
  if (seats.length > 0)
    series.push({
      type: 'scatter',
      name: SEAT_SERIES,
      coordinateSystem: 'geo',
      symbol: 'diamond',
      symbolSize: 30,
      itemStyle: { borderColor: 'rgba(214, 230, 255, 0.95)', borderWidth: 2 },
      // Above the point, moved clear of the district labels around the seat (ZONE_LABEL_OFFSETS).
      label: {
        show: true,
        position: 'top',
        color: WALL_COLORS.bright,
        fontSize: 16,
        lineHeight: 22,
        textBorderColor: 'rgba(5, 13, 31, 0.9)',
        textBorderWidth: 3,
        formatter: (p: { name: string }) => {
          const row = byCode.get(p.name);
          return row ? `${input.seatNames?.[p.name] ?? row.name}\n${spec.format(spec.read(row))}` : '';
        },
      },
      tooltip: {
        formatter: (p: { name: string }) => {
          const row = byCode.get(p.name);
          return row ? `${row.name}（无边界，标于管委会驻地）<br/>${spec.label} ${spec.format(spec.read(row))}` : '';
        },
      },
      data: seats.map(([code, [lng, lat]]) => {
        const v = spec.read(byCode.get(code)!);
        const offset = ZONE_LABEL_OFFSETS[code];
        return { name: code, value: [lng, lat, v ?? Number.NaN], ...(offset ? { label: { offset } } : {}) };
      }),
    });
  if (marks.length > 0)
    series.push({
      type: 'effectScatter',
      name: HOTSPOT_SERIES,
      coordinateSystem: 'geo',
      zlevel: 1,
      symbolSize: 22,
      // Below the unit's label, which stays readable.
      symbolOffset: [0, 34],
      rippleEffect: { brushType: 'stroke', scale: 3.2, period: 3 },
      itemStyle: { color: WALL_COLORS.alarm, shadowBlur: 12, shadowColor: WALL_COLORS.alarm },
      label: { show: false },
      tooltip: { formatter: (p: { data?: unknown }) => (p.data as { tip?: string } | undefined)?.tip ?? '' },
      data: marks.map((m) => ({ name: m.code, value: [m.coord[0], m.coord[1]], tip: m.lines.join('<br/>') })),
    });
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    ...(needsGeo
      ? {
          geo: {
            map: input.mapName,
            nameProperty: input.nameProperty,
            layoutCenter: ['50%', '50%'],
            layoutSize,
            aspectScale: MAP_ASPECT_SCALE,
            silent: true,
            z: 0,
            label: { show: false },
            itemStyle: { areaColor: 'transparent', borderWidth: 0 },
            emphasis: { disabled: true },
          },
          tooltip: {
            trigger: 'item',
            backgroundColor: 'rgba(5, 13, 31, 0.92)',
            borderColor: WALL_COLORS.border,
            textStyle: { color: WALL_COLORS.text, fontSize: 16 },
          },
        }
      : {}),
    visualMap: {
      type: 'continuous',
      // Without rows (a map that only pins a place) there is nothing to colour by.
      show: hasValues,
      // The shapes and the zones' points; never the hotspot marks (always the alarm colour).
      seriesIndex: seats.length > 0 ? [0, 1] : [0],
      min,
      max,
      left: 8,
      bottom: 8,
      itemWidth: 18,
      itemHeight: 160,
      calculable: false,
      // The legend says its values: the ends of the range, not only 高/低.
      text: hasValues ? [spec.format(max), spec.format(min)] : ['', ''],
      textGap: 8,
      textStyle: { color: WALL_COLORS.text, fontSize: 16 },
      inRange: { color: ramp },
      outOfRange: { color: 'rgba(127, 156, 199, 0.25)' },
      formatter: (value: unknown) => spec.format(Number(value)),
    },
    series,
  };
}
