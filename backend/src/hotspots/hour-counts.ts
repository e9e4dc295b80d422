/**
 * Report counts of one series by hour (hour index = floor(epoch ms / 1 h)), sparse: only hours
 * with a report take room (8 bytes each), kept sorted with running totals so the count of any
 * range of hours is two binary searches. Reports mostly arrive in time order (an append); a late
 * one is inserted in place.
 */
export class HourCounts {
  private hours = new Int32Array(4);
  /** cum[i]: total of every entry up to and including i (since the series began). */
  private cum = new Float64Array(4);
  private start = 0;
  private len = 0;
  /** Total of the entries dropped from the front. */
  private base = 0;

  /** Reports held (in the hours kept). */
  get total(): number {
    return this.len === this.start ? 0 : this.cum[this.len - 1] - this.base;
  }

  /** Number of hours with a count. */
  get size(): number {
    return this.len - this.start;
  }

  /** Adds `c` (may be negative, to take a report back) to hour `h`. */
  add(h: number, c = 1): void {
    if (this.len === this.start || h > this.hours[this.len - 1]) {
      this.ensure();
      this.hours[this.len] = h;
      this.cum[this.len] = (this.len === this.start ? this.base : this.cum[this.len - 1]) + c;
      this.len += 1;
      return;
    }
    let i = this.lowerBound(h);
    if (this.hours[i] !== h) {
      this.ensure();
      i = this.lowerBound(h);
      this.hours.copyWithin(i + 1, i, this.len);
      this.cum.copyWithin(i + 1, i, this.len);
      this.hours[i] = h;
      this.cum[i] = i === this.start ? this.base : this.cum[i - 1];
      this.len += 1;
    }
    for (let j = i; j < this.len; j++) this.cum[j] += c;
  }

  /** Reports in hours [a, b). */
  sum(a: number, b: number): number {
    if (b <= a || this.len === this.start) return 0;
    return this.before(this.lowerBound(b)) - this.before(this.lowerBound(a));
  }

  /** Calls `visit(hour, count)` for every hour with a count, oldest first. */
  forEach(visit: (hour: number, count: number) => void): void {
    for (let i = this.start; i < this.len; i++) visit(this.hours[i], this.cum[i] - this.before(i));
  }

  /**
   * Adds to `out[w]` the reports in the weekly bands of each window w: hours h with
   * d = H − h in (168k − pad, 168k + windows[w] + pad] for k = 1…weeks. A sparse series is
   * walked once (an hour lies in at most one week's band, the bands being shorter than a week);
   * a dense one is summed band by band.
   */
  bandSums(H: number, weeks: number, pad: number, windows: readonly number[], out: number[]): void {
    if (this.size <= 4 * weeks * windows.length) {
      const last = windows.length - 1;
      for (let i = this.start; i < this.len; i++) {
        const d = H - this.hours[i];
        const k = Math.ceil((d + pad) / 168) - 1;
        if (k < 1 || k > weeks) continue;
        const r = d - 168 * k - pad;
        if (r > windows[0]) continue;
        const c = this.cum[i] - this.before(i);
        for (let w = 0; w <= last; w++) if (r <= windows[w]) out[w] += c;
      }
      return;
    }
    for (let k = 1; k <= weeks; k++) {
      const right = H + pad - 168 * k;
      for (let w = 0; w < windows.length; w++) out[w] += this.sum(right - windows[w] - 2 * pad, right);
    }
  }

  /** Drops the hours before `h`. */
  trimBefore(h: number): void {
    const i = this.lowerBound(h);
    if (i === this.start) return;
    this.base = this.before(i);
    this.start = i;
    if (this.start === this.len) {
      this.start = 0;
      this.len = 0;
      this.base = 0;
      if (this.hours.length > 64) {
        this.hours = new Int32Array(4);
        this.cum = new Float64Array(4);
      }
    } else if (this.start > 32 && this.start * 2 > this.len) {
      this.hours.copyWithin(0, this.start, this.len);
      this.cum.copyWithin(0, this.start, this.len);
      this.len -= this.start;
      this.start = 0;
    }
  }

  /** Running total before index i (i in [start, len]). */
  private before(i: number): number {
    return i === this.start ? this.base : this.cum[i - 1];
  }

  /** First index in [start, len) whose hour is ≥ h (len if none). */
  private lowerBound(h: number): number {
    let lo = this.start;
    let hi = this.len;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.hours[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Makes room for one more entry at the end (indexes may move: call before computing one). */
  private ensure(): void {
    if (this.len < this.hours.length) return;
    if (this.start > 0) {
      this.hours.copyWithin(0, this.start, this.len);
      this.cum.copyWithin(0, this.start, this.len);
      this.len -= this.start;
      this.start = 0;
      if (this.len < this.hours.length) return;
    }
    const size = this.hours.length * 2;
    const hours = new Int32Array(size);
    hours.set(this.hours.subarray(0, this.len));
    const cum = new Float64Array(size);
    cum.set(this.cum.subarray(0, this.len));
    this.hours = hours;
    this.cum = cum;
  }
}
