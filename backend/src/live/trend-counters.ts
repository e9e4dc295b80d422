import { HOUR_MS, periodRange, periodStart, previousPeriodRange } from '@gridwall/shared';

/** Trend granularities kept in memory: hours of today/yesterday, days of this/last year. */
export type TrendGrain = 'hour' | 'day';

/** One trend bucket: its start (epoch ms) and counts. */
export interface TrendBucketRaw {
  start: number;
  reported: number;
  resolved: number;
}

/** The hour or day bucket an instant falls in: its granularity and start. */
export interface TrendSlot {
  grain: TrendGrain;
  start: number;
}

/** The buckets of one aggregation key, per granularity, by start. */
interface KeyBuckets {
  hour: Map<number, Float64Array>;
  day: Map<number, Float64Array>;
}

/**
 * Reported/resolved counts per (aggregation key, hour or day): hours since yesterday 00:00 and
 * days since last year's 1 January, city time; older buckets are dropped as the clock moves on.
 * Pure, no I/O.
 */
export class TrendCounters {
  /** Aggregation key → its buckets by start (numbers: no string is built per bucket read). */
  private readonly byKey = new Map<string, KeyBuckets>();
  private count = 0;
  private horizon: Record<TrendGrain, number> = { hour: 0, day: 0 };

  constructor(now: number) {
    this.setHorizon(now);
  }

  /** Number of buckets held. */
  get size(): number {
    return this.count;
  }

  /** Earliest bucket start held for a granularity. */
  windowStart(grain: TrendGrain): number {
    return this.horizon[grain];
  }

  /**
   * The buckets (hour and day) of an instant, within the kept windows: the same for every key
   * of a case, so computed once per case.
   */
  slots(t: number): TrendSlot[] {
    const day = periodStart('day', t);
    const hour = t - ((t - day) % HOUR_MS);
    const out: TrendSlot[] = [];
    if (hour >= this.horizon.hour) out.push({ grain: 'hour', start: hour });
    if (day >= this.horizon.day) out.push({ grain: 'day', start: day });
    return out;
  }

  /** Buckets of `grain` whose start lies in [from, to); `from` is aligned down to a bucket start. */
  range(key: string, grain: TrendGrain, from: number, to: number): TrendBucketRaw[] {
    const out: TrendBucketRaw[] = [];
    const day = periodStart('day', from);
    const first = grain === 'hour' ? from - ((from - day) % HOUR_MS) : day;
    const held = this.byKey.get(key)?.[grain];
    for (let t = first; t < to;) {
      const v = held?.get(t);
      out.push({ start: t, reported: v ? v[0] : 0, resolved: v ? v[1] : 0 });
      t = grain === 'hour' ? t + HOUR_MS : periodRange('day', t).to;
    }
    return out;
  }

  /** Moves the windows to `now` and drops the buckets that fell out of them. */
  rollover(now: number): void {
    this.setHorizon(now);
    for (const [key, held] of this.byKey) {
      for (const grain of ['hour', 'day'] as const) {
        for (const start of held[grain].keys()) {
          if (start < this.horizon[grain]) {
            held[grain].delete(start);
            this.count -= 1;
          }
        }
      }
      if (held.hour.size === 0 && held.day.size === 0) this.byKey.delete(key);
    }
  }

  private setHorizon(now: number): void {
    this.horizon = { hour: previousPeriodRange('day', now).from, day: previousPeriodRange('year', now).from };
  }

  /** Adds (sign 1) or removes (−1) one reported (index 0) or resolved (1) case in a key's bucket. */
  bump(key: string, slot: TrendSlot, index: 0 | 1, sign: 1 | -1): void {
    let held = this.byKey.get(key);
    if (!held) {
      held = { hour: new Map(), day: new Map() };
      this.byKey.set(key, held);
    }
    const m = held[slot.grain];
    let v = m.get(slot.start);
    if (!v) {
      v = new Float64Array(2);
      m.set(slot.start, v);
      this.count += 1;
    }
    v[index] += sign;
    if (v[0] === 0 && v[1] === 0) {
      m.delete(slot.start);
      this.count -= 1;
      if (held.hour.size === 0 && held.day.size === 0) this.byKey.delete(key);
    }
  }
}
