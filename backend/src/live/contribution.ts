import { handlerRank, type Satisfaction } from '@gridwall/shared';
import type { CaseState } from '../cases/case-model';

/** Indices of the period counters (cases counted by the period their report lies in). */
export const P = {
  reported: 0,
  accepted: 1,
  resolved: 2,
  due: 3,
  onTime: 4,
  extended: 5,
  local: 6,
  grid: 7,
  rework: 8,
  satDen: 9,
  satNum: 10,
  patrol: 11,
  /** Sum of (resolved time − accepted time) over the resolved, in ms. */
  handleMs: 12,
} as const;
/** Number of period counters. */
export const NP = 13;

/** Indices of the standing counters (open cases now, whatever their period). */
export const N = { open: 0, overdue: 1, nearDue: 2, joint: 3 } as const;
/** Number of standing counters. */
export const NN = 4;

/** Where an open case stands against its deadline: 0 not open, 1 green, 2 yellow (临期), 3 red (超期). */
export type Phase = 0 | 1 | 2 | 3;

const TOWNSHIP = handlerRank('township');
const VILLAGE = handlerRank('village');
const SATISFIED: ReadonlySet<Satisfaction> = new Set(['satisfied', 'basic']);

/** Accepted and not rejected (立案). */
export function isAccepted(s: CaseState): boolean {
  return s.status !== 'pending' && s.acceptedAt !== null && !s.rejected;
}

/** Accepted, not rejected, and resolved or closed now (办结). */
export function isResolved(s: CaseState): boolean {
  return isAccepted(s) && s.resolvedAt !== null;
}

/** Accepted, not rejected, not resolved (在办). */
export function isOpen(s: CaseState): boolean {
  return isAccepted(s) && s.resolvedAt === null;
}

/**
 * Near due (临期) at T: open, T ≤ deadline, and remaining time ≤ fraction × (deadline − latest
 * dispatch time, or accepted time if never dispatched).
 */
export function isNearDueAt(s: CaseState, t: number, fraction: number): boolean {
  if (s.deadline === null || t > s.deadline) return false;
  const base = s.lastDispatchAt ?? s.acceptedAt!;
  return s.deadline - t <= fraction * (s.deadline - base);
}

/** The phase of a case at T. */
export function phaseAt(s: CaseState, t: number, fraction: number): Phase {
  if (!isOpen(s)) return 0;
  if (s.deadline !== null && s.deadline < t) return 3;
  if (isNearDueAt(s, t, fraction)) return 2;
  return 1;
}

/**
 * The first instant after T at which the phase of the case changes, or null if it never will
 * without a new event.
 */
export function nextPhaseChange(s: CaseState, t: number, fraction: number): number | null {
  const phase = phaseAt(s, t, fraction);
  if (phase === 0 || phase === 3 || s.deadline === null) return null;
  if (phase === 2) return s.deadline + 1;
  const base = s.lastDispatchAt ?? s.acceptedAt!;
  let candidate = Math.max(t + 1, Math.ceil(s.deadline - fraction * (s.deadline - base)));
  // Guard against floating-point edges: step until the predicate really flips.
  while (candidate <= s.deadline && phaseAt(s, candidate, fraction) === 1) candidate += 1;
  return Math.min(candidate, s.deadline + 1);
}

/** The period counters a case adds to the period its report lies in, at the given phase. */
export function periodVector(s: CaseState, phase: Phase): Float64Array | null {
  if (s.status === 'pending') return null;
  const v = new Float64Array(NP);
  v[P.reported] = 1;
  if (s.source === 'patrol') v[P.patrol] = 1;
  if (!isAccepted(s)) return v;
  v[P.accepted] = 1;
  if (s.extendedCount > 0) v[P.extended] = 1;
  if (s.resolvedAt !== null) {
    v[P.resolved] = 1;
    v[P.due] = 1;
    if (s.deadline !== null && s.resolvedAt <= s.deadline) v[P.onTime] = 1;
    const rank = s.resolvedHandlerLevel === null ? 0 : handlerRank(s.resolvedHandlerLevel);
    if (rank <= TOWNSHIP) v[P.local] = 1;
    if (rank <= VILLAGE) v[P.grid] = 1;
    if (s.reworkCount > 0) v[P.rework] = 1;
    v[P.handleMs] = s.resolvedAt - s.acceptedAt!;
    if (s.closedAt !== null && s.satisfaction !== null) {
      v[P.satDen] = 1;
      if (SATISFIED.has(s.satisfaction)) v[P.satNum] = 1;
    }
  } else if (phase === 3) {
    v[P.due] = 1;
  }
  return v;
}

/** The standing counters of a case at the given phase, or null when it is not open. */
export function standingVector(s: CaseState, phase: Phase): Float64Array | null {
  if (phase === 0) return null;
  const v = new Float64Array(NN);
  v[N.open] = 1;
  if (phase === 3) v[N.overdue] = 1;
  if (phase === 2) v[N.nearDue] = 1;
  if (s.jointMeeting) v[N.joint] = 1;
  return v;
}
