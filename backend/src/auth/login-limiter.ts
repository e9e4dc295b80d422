import type { Clock } from '../common/clock';

/** Failed sign-ins allowed per window, per client address and per name. */
export const LOGIN_FAILURES = 5;
/** The window of {@link LOGIN_FAILURES}, ms. */
export const LOGIN_WINDOW_MS = 5 * 60_000;
/** Keys tracked at most; beyond it the oldest are forgotten (memory stays bounded under a flood). */
const MAX_KEYS = 10_000;

/** A sign-in attempt that holds one slot of each of its keys until it is settled. */
export interface LoginAttempt {
  readonly keys: readonly string[];
  /** When the slots were taken, epoch ms (the failure's time if it fails). */
  readonly at: number;
}

/** A refused attempt: the key over its limit, and whether this refusal should be audited. */
export interface LoginRefusal {
  key: string;
  /** True for the first refusal of a key in a window: write one audit entry for it. */
  audit: boolean;
  /** Refusals of this key not audited since its previous audit entry. */
  unaudited: number;
}

interface KeyState {
  /** Times of failures and of attempts still being verified, epoch ms. */
  slots: number[];
  /** When the last refusal of this key was audited, epoch ms. */
  auditedAt: number | null;
  unaudited: number;
}

/**
 * The sign-in limit: {@link LOGIN_FAILURES} failures per {@link LOGIN_WINDOW_MS} per key
 * (`ip:<address>`, `name:<name>`). An attempt takes a slot of every key *before* the slow password
 * check and gives it back on success, so parallel guesses cannot all pass the check before the
 * first failure is counted: checking and taking happen in one synchronous step.
 */
export class LoginLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly clock: Clock) {}

  /** Takes a slot of every key, or refuses (taking none) when a key is at its limit. */
  reserve(keys: readonly string[]): LoginAttempt | LoginRefusal {
    const now = this.clock.now();
    for (const key of keys) {
      const state = this.state(key, now);
      if (state.slots.length >= LOGIN_FAILURES) return this.refuse(key, state, now);
    }
    for (const key of keys) this.state(key, now).slots.push(now);
    return { keys, at: now };
  }

  /** The attempt succeeded: its slots are free again. */
  release(attempt: LoginAttempt): void {
    for (const key of attempt.keys) {
      const state = this.keys.get(key);
      const i = state?.slots.indexOf(attempt.at) ?? -1;
      if (state && i >= 0) state.slots.splice(i, 1);
    }
  }

  private refuse(key: string, state: KeyState, now: number): LoginRefusal {
    if (state.auditedAt !== null && state.auditedAt > now - LOGIN_WINDOW_MS) {
      state.unaudited++;
      return { key, audit: false, unaudited: state.unaudited };
    }
    const unaudited = state.unaudited;
    state.auditedAt = now;
    state.unaudited = 0;
    return { key, audit: true, unaudited };
  }

  /** The key's state with expired slots dropped (created when missing). */
  private state(key: string, now: number): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      if (this.keys.size >= MAX_KEYS) this.forgetOldest();
      state = { slots: [], auditedAt: null, unaudited: 0 };
      this.keys.set(key, state);
    }
    state.slots = state.slots.filter((t) => t > now - LOGIN_WINDOW_MS);
    return state;
  }

  private forgetOldest(): void {
    // Maps iterate in insertion order: drop the first tenth.
    let n = Math.ceil(MAX_KEYS / 10);
    for (const key of this.keys.keys()) {
      if (n-- <= 0) break;
      this.keys.delete(key);
    }
  }
}

/** True when {@link LoginLimiter.reserve} refused. */
export function isRefusal(r: LoginAttempt | LoginRefusal): r is LoginRefusal {
  return 'audit' in r;
}
