import { describe, expect, it } from 'vitest';
import { buildRateGaugesOption, GAUGE_FONT, GAUGE_FONT_LONG, gaugeColor, type Gauge, type GaugeKey } from './option';

/** A gauge of `value` (null: no cases) shown as `text`. */
const gauge = (key: GaugeKey, label: string, value: number | null, text: string): Gauge => ({
  key,
  label,
  value,
  text,
  parts: '',
  numerator: '',
  denominator: '',
});

const FOUR: Gauge[] = [
  gauge('closeRate', '结案率', 0.979, '97.9%'),
  gauge('onTimeRate', '按期结案率', null, '—'),
  gauge('localRate', '属地化解率', null, '—'),
  gauge('satisfactionRate', '满意率', null, '—'),
];

interface GaugeSeries {
  type: string;
  center: [string, string];
  data: { value: number; name: string }[];
  detail: { formatter: () => string };
}

describe('buildRateGaugesOption', () => {
  it('draws one gauge per rate in a grid, the value in percent, — for no cases', () => {
    const series = buildRateGaugesOption(FOUR, 2).series as GaugeSeries[];

    expect(series.map((s) => s.type)).toEqual(['gauge', 'gauge', 'gauge', 'gauge']);
    expect(series.map((s) => s.center)).toEqual([
      ['25%', '20%'],
      ['75%', '20%'],
      ['25%', '70%'],
      ['75%', '70%'],
    ]);
    expect(series[0].data[0]).toEqual({ value: 97.9, name: '结案率' });
    expect(series[0].detail.formatter()).toBe('97.9%');
    expect(series[3].data[0].value).toBe(0);
    expect(series[3].detail.formatter()).toBe('—');
  });

  it('colours by level: green from 90%, amber from 75%, red below, grey without data', () => {
    expect([gaugeColor(0.95), gaugeColor(0.8), gaugeColor(0.5), gaugeColor(null)]).toEqual([
      '#2fd8a0',
      '#ffc34d',
      '#ff4d5e',
      '#7f9cc7',
    ]);
  });

  it('returns a new object each time so the chart gets its option replaced', () => {
    expect(buildRateGaugesOption(FOUR)).not.toBe(buildRateGaugesOption(FOUR));
  });
});

describe('buildRateGaugesOption figure size', () => {
  it('sets 100.0% smaller than 97.9%, so it stays clear of the ring', () => {
    const series = buildRateGaugesOption([
      gauge('closeRate', '结案率', 1, '100.0%'),
      gauge('onTimeRate', '按期结案率', 0.979, '97.9%'),
    ]).series as { detail: { fontSize: number } }[];

    expect(series[0].detail.fontSize).toBe(GAUGE_FONT_LONG);
    expect(series[1].detail.fontSize).toBe(GAUGE_FONT);
  });
});
