import { HOUR_MS, periodRange, periodStart, previousPeriodRange } from '@gridwall/shared';

/** Trend granularities kept in memory: hours of today/yesterday, days of this/last year. */
export type TrendGrain = 'hour' | 'day';

/** One trend bucket: its start (epoch ms) and counts. */
export interface TrendBucketRaw {
  start: number;
  reported: number;
  resolved: number;
}

/**
 * Reported/resolved counts per (aggregation key, hour or day): hours since yesterday 00:00 and
 * days since last year's 1 January, city time; older buckets are dropped as the clock moves on.
 * Pure, no I/O.
 */
export class TrendCounters {
  private readonly buckets = new Map<string, Float64Array>();
  private horizon: Record<TrendGrain, number> = { hour: 0, day: 0 };

  constructor(now: number) {
    this.setHorizon(now);
  }

  /** Number of buckets held. */
  get size(): number {
    return this.buckets.size;
  }

  /** Earliest bucket start held for a granularity. */
  windowStart(grain: TrendGrain): number {
    return this.horizon[grain];
  }

  /**
   * Bucket key suffixes (hour and day) of an instant, within the kept windows: the same for
   * every key of a case, so computed once per case.
   */
  suffixes(t: number): string[] {
    const day = periodStart('day', t);
    const hour = t - ((t - day) % HOUR_MS);
    const out: string[] = [];
    if (hour >= this.horizon.hour) out.push(`|hour|${hour}`);
    if (day >= this.horizon.day) out.push(`|day|${day}`);
    return out;
  }

  /** Buckets of `grain` whose start lies in [from, to); `from` is aligned down to a bucket start. */
  range(key: string, grain: TrendGrain, from: number, to: number): TrendBucketRaw[] {
    const out: TrendBucketRaw[] = [];
    const day = periodStart('day', from);
    const first = grain === 'hour' ? from - ((from - day) % HOUR_MS) : day;
    for (let t = first; t < to;) {
      const v = this.buckets.get(`${key}|${grain}|${t}`);
      out.push({ start: t, reported: v ? v[0] : 0, resolved: v ? v[1] : 0 });
      t = grain === 'hour' ? t + HOUR_MS : periodRange('day', t).to;
    }
    return out;
  }

  /** Moves the windows to `now` and drops the buckets that fell out of them. */
  rollover(now: number): void {
    this.setHorizon(now);
    for (const key of this.buckets.keys()) {
      const [, grain, start] = key.split('|');
      if (Number(start) < this.horizon[grain as TrendGrain]) this.buckets.delete(key);
    }
  }

  private setHorizon(now: number): void {
    this.horizon = { hour: previousPeriodRange('day', now).from, day: previousPeriodRange('year', now).from };
  }

  /** Adds (sign 1) or removes (−1) one reported (index 0) or resolved (1) case in bucket `key + suffix`. */
  bump(k: string, index: 0 | 1, sign: 1 | -1): void {
    let v = this.buckets.get(k);
    if (!v) {
      v = new Float64Array(2);
      this.buckets.set(k, v);
    }
    v[index] += sign;
    if (v[0] === 0 && v[1] === 0) this.buckets.delete(k);
  }
}
