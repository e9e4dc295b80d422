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
