// Percentiles, a mergeable latency histogram, and summaries of repeated runs.

/** Percentile (0–100) of a numeric array by nearest rank; null for an empty array. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** p50, p90, p99, max and mean of an array of latencies (ms). */
export function latencySummary(values) {
  if (values.length === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

/**
 * Log-bucketed histogram of latencies in ms: 1 % relative precision from 0.01 ms to ~10 min.
 * Mergeable across processes (plain count arrays), so percentiles over many clients are exact to
 * the bucket.
 */
export class Histogram {
  static GROWTH = 1.01;
  static MIN = 0.01;
  static BUCKETS = 2500;

  constructor(counts) {
    this.counts = counts ? Float64Array.from(counts) : new Float64Array(Histogram.BUCKETS);
    this.total = this.counts.reduce((a, b) => a + b, 0);
    this.negatives = 0;
  }

  add(ms, n = 1) {
    if (ms < 0) {
      // Clock granularity: a receipt in the same millisecond as the post can read 1 ms early.
      this.negatives += n;
      ms = 0;
    }
    const i =
      ms <= Histogram.MIN
        ? 0
        : Math.min(Histogram.BUCKETS - 1, Math.ceil(Math.log(ms / Histogram.MIN) / Math.log(Histogram.GROWTH)));
    this.counts[i] += n;
    this.total += n;
  }

  merge(other) {
    const counts = other.counts ?? other;
    for (let i = 0; i < counts.length; i++) this.counts[i] += counts[i];
    this.total += counts.reduce((a, b) => a + b, 0);
    this.negatives += other.negatives ?? 0;
    return this;
  }

  /** Upper bound of the bucket holding the p-th percentile, ms. */
  percentile(p) {
    if (this.total === 0) return null;
    const target = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return i === 0 ? Histogram.MIN : Histogram.MIN * Histogram.GROWTH ** i;
    }
    return null;
  }

  summary() {
    return {
      count: this.total,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.percentile(100),
    };
  }

  toJSON() {
    return { counts: Array.from(this.counts), negatives: this.negatives };
  }
}

/**
 * Summary of one figure over repeated runs: median, min, max, mean, relative spread
 * ((max − min) / median) and the values themselves.
 */
export function spread(values) {
  const v = values.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
  if (v.length === 0) return { n: 0, median: null, min: null, max: null, mean: null, spreadPct: null, values: [] };
  const sorted = [...v].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return {
    n: v.length,
    median,
    min,
    max,
    mean,
    spreadPct: median !== 0 ? ((max - min) / Math.abs(median)) * 100 : null,
    values: v,
  };
}

/** Least-squares slope of y over x. */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}
