import { describe, expect, it } from 'vitest';
import { rankingRow, rate } from '../../testing/fixtures';
import { metricExtent, MAP_METRIC_SPECS, type MapMetric } from './mapMetric';
import { buildDistrictMapOption, MAP_RAMP, mapLayoutSize } from './option';

interface MapSeries {
  type: string;
  map: string;
  nameProperty: string;
  data: { name: string; value: number }[];
  label: { formatter: (p: { name: string }) => string };
}

const rows = [
  rankingRow(1, { code: '410102', name: '中原区', score: 80.5, resolutionRate: rate(9, 10) }),
  rankingRow(2, { code: '410105', name: '金水区', score: 70, resolutionRate: rate(0, 0) }),
];

/** The option over `rows` coloured by `metric`, with no box and no point. */
const optionFor = (metric: MapMetric) =>
  buildDistrictMapOption({ mapName: 'zz', nameProperty: 'adcode', rows, metric, aspect: 1.7, box: null });

describe('buildDistrictMapOption', () => {
  it('matches features to rows by area code and labels them with name and value', () => {
    const sut = optionFor('score');

    const series = (sut.series as MapSeries[])[0];
    expect(series).toMatchObject({ type: 'map', map: 'zz', nameProperty: 'adcode' });
    expect(series.data).toEqual([
      { name: '410102', value: 80.5 },
      { name: '410105', value: 70 },
    ]);
    expect(series.label.formatter({ name: '410102' })).toBe('中原区\n80.50');
    expect(series.label.formatter({ name: '999999' })).toBe('');
  });

  it('colours by the chosen metric over its range, a unit without a value out of range', () => {
    const sut = optionFor('resolutionRate');

    const visualMap = sut.visualMap as { min: number; max: number; inRange: { color: string[] } };
    expect(Number.isNaN((sut.series as MapSeries[])[0].data[1].value)).toBe(true);
    expect(visualMap.inRange.color).toEqual(MAP_RAMP);
    expect(visualMap.max).toBeGreaterThan(visualMap.min);
  });

  it('reverses the ramp for backlogs: more overdue cases is worse', () => {
    const sut = optionFor('overdueNow');

    expect((sut.visualMap as { inRange: { color: string[] } }).inRange.color).toEqual([...MAP_RAMP].reverse());
  });
});

describe('buildDistrictMapOption with a point', () => {
  it("pins a case's location by lon/lat and pins nothing without one", () => {
    const base = { mapName: 'zz', nameProperty: 'adcode', rows: [], metric: 'score' as const, aspect: 1.7, box: null };
    const pinned = (
      buildDistrictMapOption({ ...base, point: { lng: 113.62, lat: 34.75 } }).series as {
        markPoint?: { data: { coord: number[] }[] };
      }[]
    )[0];
    expect(pinned.markPoint?.data[0].coord).toEqual([113.62, 34.75]);
    const plain = (buildDistrictMapOption(base).series as { markPoint?: unknown }[])[0];
    expect(plain.markPoint).toBeUndefined();
  });
});

describe('metricExtent', () => {
  it('spans the values present and widens a single value', () => {
    expect(metricExtent(rows, MAP_METRIC_SPECS.score)).toEqual([70, 80.5]);
    const [min, max] = metricExtent([rows[0]], MAP_METRIC_SPECS.score);
    expect(min).toBeLessThan(80.5);
    expect(max).toBeGreaterThan(80.5);
  });
});

describe('mapLayoutSize', () => {
  it('fits a wide map to the width of a tall box and to the height of a wide one', () => {
    expect(mapLayoutSize({ width: 800, height: 800 }, 2)).toBe(736);
    expect(mapLayoutSize({ width: 3000, height: 800 }, 2)).toBe(1440);
    expect(mapLayoutSize(null, 2)).toBe('90%');
  });
});

describe('buildDistrictMapOption with zones, hotspots and an unverified point', () => {
  const zoneRows = [...rows, rankingRow(3, { code: '410173', name: '航空港区', score: 75 })];
  const base = { mapName: 'zz', nameProperty: 'adcode', metric: 'score' as const, aspect: 1.7, box: null };

  it('draws a unit without a shape at its seat, coloured by the same scale, and says the scale in values', () => {
    const sut = buildDistrictMapOption({ ...base, rows: zoneRows, seats: { '410173': [113.84, 34.53] } });
    const series = sut.series as { type: string; data: { name: string; value: unknown }[] }[];

    expect(series.map((s) => s.type)).toEqual(['map', 'scatter']);
    expect(series[0].data.map((d) => d.name)).toEqual(['410102', '410105']);
    expect(series[1].data).toMatchObject([{ name: '410173', value: [113.84, 34.53, 75] }]);
    const visualMap = sut.visualMap as { seriesIndex: number[]; text: string[] };
    expect(visualMap.seriesIndex).toEqual([0, 1]);
    expect(visualMap.text).toEqual(['80.50', '70.00']);
    expect(sut.geo).toBeDefined();
  });

  it('marks hotspot units with a pulsing point and a tooltip, outlined, never coloured by the scale', () => {
    const sut = buildDistrictMapOption({
      ...base,
      rows,
      marks: [{ code: '410102', coord: [113.6, 34.75], lines: ['中原区 · 非法经营：近24小时 14 件，常态约 3 件'] }],
    });
    const series = sut.series as {
      type: string;
      data: { name: string; value: unknown; tip?: string; itemStyle?: unknown }[];
    }[];

    expect(series[1].type).toBe('effectScatter');
    expect(series[1].data[0]).toMatchObject({ name: '410102', value: [113.6, 34.75] });
    expect(series[1].data[0].tip).toContain('近24小时 14 件');
    expect(series[0].data[0].itemStyle).toBeDefined();
    expect((sut.visualMap as { seriesIndex: number[] }).seriesIndex).toEqual([0]);
  });

  it('flags a point outside its district as 位置待核实 instead of pinning it', () => {
    const sut = buildDistrictMapOption({ ...base, rows: [], point: { lng: 113, lat: 34 }, pointUnverified: true });
    const markPoint = (sut.series as { markPoint: { symbol: string; label: { formatter: string } } }[])[0].markPoint;

    expect(markPoint.symbol).toBe('emptyCircle');
    expect(markPoint.label.formatter).toBe('位置待核实');
  });
});
