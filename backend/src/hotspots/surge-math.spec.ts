import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialUpperTail, logGamma, poissonUpperTail, taroneFactor } from './surge-math';

/** P(X ≥ x), X ~ Binomial(n, a/b), exactly, as a float (BigInt rational arithmetic). */
function exactTail(x: number, n: number, a: number, b: number): number {
  const A = BigInt(a);
  const B = BigInt(b);
  const C = B - A;
  let num = 0n;
  let choose = 1n;
  for (let k = 0; k <= n; k++) {
    if (k > 0) choose = (choose * BigInt(n - k + 1)) / BigInt(k);
    if (k >= x) num += choose * A ** BigInt(k) * C ** BigInt(n - k);
  }
  const den = B ** BigInt(n);
  // Scale to keep 17 significant digits of a tiny ratio.
  const digits = den.toString().length - num.toString().length + 18;
  return Number((num * 10n ** BigInt(Math.max(0, digits))) / den) / 10 ** Math.max(0, digits);
}

describe('surge math', () => {
  it('logGamma matches factorials and Γ(1/2)', () => {
    let f = 1;
    for (let k = 1; k <= 20; k++) {
      f *= k;
      expect(logGamma(k + 1)).toBeCloseTo(Math.log(f), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('binomial tails: textbook values', () => {
    expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 14);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(10, 10, 0.1)).toBeCloseTo(1e-10, 22);
    // All n reports in the window: share^n (the smallest achievable p, Tarone's pmin).
    expect(binomialUpperTail(5, 5, 1 / 9)).toBeCloseTo(9 ** -5, 15);
  });

  it('binomial tails equal exact rational arithmetic, far into the tail', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 49 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, a, u) => {
          const x = Math.min(n, Math.floor(u * (n + 1)));
          const exact = exactTail(x, n, a, 50);
          const got = binomialUpperTail(x, n, a / 50);
          if (exact === 0) return got < 1e-300;
          return Math.abs(got - exact) / exact < 1e-9;
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });

  it('Poisson tails: known values', () => {
    // P(X ≥ 14 | μ = 3) for the example (14 reports in a day against 3 usually).
    expect(poissonUpperTail(14, 3) / 3.40191461324354e-6).toBeCloseTo(1, 10);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 14);
  });

  it('the binomial tail approaches the Poisson tail for a long baseline', () => {
    // Window share 1/(K+1) with K → ∞ and n·share = μ.
    const mu = 3;
    const n = 200_000;
    expect(binomialUpperTail(14, n, mu / n)).toBeCloseTo(poissonUpperTail(14, mu), 7);
  });

  it("Tarone's factor leaves out tests that can never reject", () => {
    // 1000 tests whose pmin is 0.5 (can never reach α/K) and 3 that can: K = 3.
    const g = [
      { logBase: Math.log(0.5), counts: [0, 1000] },
      { logBase: Math.log(0.001), counts: [0, 0, 0, 3] },
    ];
    expect(taroneFactor(g, 0.05)).toBe(3);
    // Every test can reject: K = the number of tests (Bonferroni).
    expect(taroneFactor([{ logBase: Math.log(1e-6), counts: [0, 0, 0, 0, 0, 40] }], 0.05)).toBe(40);
    expect(taroneFactor([], 0.05)).toBe(1);
  });
});
