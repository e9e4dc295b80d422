/**
 * The few distribution functions the surge test needs, in log space so tail probabilities of
 * 1e-12 keep their precision (a complement `1 − cdf` would round them to 0).
 *
 * Written here rather than imported: the tail is ~60 lines over a Lanczos log-gamma (Numerical
 * Recipes, 3rd ed., §6.1; Lanczos 1964), checked in surge-math.spec.ts against exact rational
 * arithmetic (BigInt). `@stdlib/math-base-special-betainc` (regularized incomplete beta, whose
 * upper tail is the binomial tail) would fit as a maintained alternative.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: relative error below 1e-13). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Exact ln k! for small k (a table), Lanczos beyond. */
const LOG_FACTORIAL: number[] = (() => {
  const out = [0];
  for (let k = 1; k <= 256; k++) out.push(out[k - 1] + Math.log(k));
  return out;
})();

/** ln k! for an integer k ≥ 0. */
export function logFactorial(k: number): number {
  return k < LOG_FACTORIAL.length ? LOG_FACTORIAL[k] : logGamma(k + 1);
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
export function binomialLogPmf(k: number, n: number, p: number): number {
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * P(X ≥ x) for X ~ Binomial(n, p): the exact upper tail, summed term by term from x (above the
 * mode the terms fall geometrically) or, at or below the mode, as 1 − P(X ≤ x − 1) summed
 * downwards (the answer is then large, so the complement loses nothing).
 */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 0) throw new RangeError('binomialUpperTail: integers');
  if (x <= 0) return 1;
  if (x > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const q = 1 - p;
  const mode = Math.floor((n + 1) * p);
  if (x > mode) {
    let term = Math.exp(binomialLogPmf(x, n, p));
    let sum = term;
    const r = p / q;
    for (let k = x; k < n; k++) {
      term *= ((n - k) / (k + 1)) * r;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp(binomialLogPmf(x - 1, n, p));
  let lower = term;
  const r = q / p;
  for (let k = x - 1; k > 0; k--) {
    term *= (k / (n - k + 1)) * r;
    lower += term;
    if (term < lower * 1e-17) break;
  }
  return Math.max(0, Math.min(1, 1 - lower));
}

/**
 * P(X ≥ x) for X ~ Poisson(mu): the limit of the binomial tail for a baseline known exactly.
 * Used to describe what a count means (docs, tests), not by the detector itself.
 */
export function poissonUpperTail(x: number, mu: number): number {
  if (x <= 0) return 1;
  if (mu <= 0) return 0;
  const mode = Math.floor(mu);
  if (x > mode) {
    let term = Math.exp(x * Math.log(mu) - mu - logFactorial(x));
    let sum = term;
    for (let k = x + 1; ; k++) {
      term *= mu / k;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp((x - 1) * Math.log(mu) - mu - logFactorial(x - 1));
  let lower = term;
  for (let k = x - 1; k > 0; k--) {
    term *= k / mu;
    lower += term;
    if (term < lower * 1e-17) break;
  }
  return Math.max(0, Math.min(1, 1 - lower));
}

/**
 * Tarone's modified Bonferroni factor for discrete tests (Tarone 1990, Biometrics 46:515–522):
 * a test whose smallest achievable p-value exceeds α/K can never reject, so it need not count
 * in K. Returns the smallest K ≥ 1 with #{i : pmin_i ≤ α/K} ≤ K; rejecting p ≤ α/K then keeps
 * the family-wise error ≤ α.
 *
 * The tests come in groups sharing a base: test i of group g has pmin = base_g ^ n_i (here: a
 * window's share of the city's reports, raised to the reports of the window and its baseline),
 * given as `counts[g][n]` = number of tests of group g with that n.
 */
export function taroneFactor(groups: readonly { logBase: number; counts: readonly number[] }[], alpha: number): number {
  // suffix[g][n]: tests of group g with at least n reports.
  const suffix = groups.map(({ counts }) => {
    const out = new Float64Array(counts.length + 1);
    for (let n = counts.length - 1; n >= 0; n--) out[n] = out[n + 1] + (counts[n] ?? 0);
    return out;
  });
  const countAtMost = (logLimit: number): number => {
    let total = 0;
    for (let g = 0; g < groups.length; g++) {
      const lb = groups[g].logBase;
      if (!(lb < 0)) continue;
      // base^n ≤ limit ⟺ n ≥ logLimit / logBase (logBase < 0).
      const n = Math.max(0, Math.ceil(logLimit / lb - 1e-9));
      if (n < suffix[g].length) total += suffix[g][n];
    }
    return total;
  };
  const la = Math.log(alpha);
  let lo = 1;
  let hi = Math.max(1, countAtMost(la));
  while (lo < hi) {
    const k = (lo + hi) >> 1;
    if (countAtMost(la - Math.log(k)) <= k) hi = k;
    else lo = k + 1;
  }
  return lo;
}
