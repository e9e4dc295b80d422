/** The source of "now" (T). Injected everywhere time matters so tests control it. */
export abstract class Clock {
  /** Now, epoch ms. */
  abstract now(): number;
}

/** The wall clock. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/**
 * The wall clock shifted by a fixed offset: time runs at real speed from another moment. For
 * demos and end-to-end tests at a chosen moment (`CLOCK_OFFSET_MS`), so that what a test sees
 * never depends on the day or hour it runs at.
 */
export class OffsetClock extends Clock {
  constructor(readonly offsetMs: number) {
    super();
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/** A clock tests set and advance by hand. */
export class ManualClock extends Clock {
  constructor(private t: number) {
    super();
  }

  now(): number {
    return this.t;
  }

  set(t: number): void {
    this.t = t;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
