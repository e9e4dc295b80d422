import { EVENT_TYPES, HANDLER_LEVELS, type AreaLevel, type Category, type HandlerLevel } from '@gridwall/shared';
import type { CaseState, NormalizedEvent } from './case-model';

/** What the fold needs to know besides the events. */
export interface FoldContext {
  /** Default time limit (处置时限) of a category, in ms. */
  timeLimitMs(category: Category): number;
  /** Level of an area node; undefined for an unknown code. */
  levelOf(code: string): AreaLevel | undefined;
}

const TYPE_ORDER = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));

/**
 * The fold order of domain.md §4: by `at`, then by type order, then by `eventId`.
 * Returns a negative number, zero or a positive number like any comparator.
 */
export function compareEvents(a: NormalizedEvent, b: NormalizedEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  const ta = TYPE_ORDER.get(a.type)!;
  const tb = TYPE_ORDER.get(b.type)!;
  if (ta !== tb) return ta - tb;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

function emptyState(caseId: string): CaseState {
  return {
    caseId,
    status: 'pending',
    gridCode: null,
    category: null,
    source: null,
    title: null,
    reportedAt: null,
    acceptedAt: null,
    rejected: false,
    deadline: null,
    lastDispatchAt: null,
    resolvedAt: null,
    closedAt: null,
    handlerLevel: null,
    resolvedHandlerLevel: null,
    departmentCode: null,
    jointMeeting: false,
    reworkCount: 0,
    extendedCount: 0,
    satisfaction: null,
    eventCount: 0,
    lastEventAt: null,
  };
}

function areaToHandler(level: AreaLevel | undefined): HandlerLevel {
  return level && (HANDLER_LEVELS as readonly string[]).includes(level) ? level : 'cell';
}

/**
 * Folds one case's events into its state, exactly as domain.md §4 defines it. The result does
 * not depend on the order or multiplicity of `events`: they are de-duplicated by `eventId` and
 * sorted into fold order first.
 *
 * Choices where the spec is silent (documented in docs/domain-decisions.md):
 * - a case with no `reported` event is `pending` and counts nowhere;
 * - a second `reported` event does not change the case's attributes (the first one wins);
 * - any `rejected` event makes the case rejected, whatever its order;
 * - `closed` without a prior `resolved` also resolves the case at the closing time;
 * - every `reopened` counts one rework and undoes the current resolution and closure;
 * - a dispatch without `departmentCode` takes the case away from any department.
 */
export function foldCase(caseId: string, events: readonly NormalizedEvent[], ctx: FoldContext): CaseState {
  const byId = new Map<string, NormalizedEvent>();
  for (const e of events) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
  const sorted = [...byId.values()].sort(compareEvents);

  const s = emptyState(caseId);
  s.eventCount = sorted.length;
  // The case's attributes come from its first report, wherever other events fall in time.
  const report = sorted.find((e) => e.type === 'reported');
  if (report) {
    s.gridCode = report.gridCode!;
    s.category = report.category!;
    s.source = report.source!;
    s.title = report.title!;
    s.reportedAt = report.at;
    s.handlerLevel = areaToHandler(ctx.levelOf(report.gridCode!));
  }
  const limitMs = s.category ? ctx.timeLimitMs(s.category) : 0;

  for (const e of sorted) {
    s.lastEventAt = e.at;
    switch (e.type) {
      case 'reported':
        break;
      case 'accepted':
        if (s.acceptedAt === null) s.acceptedAt = e.at;
        break;
      case 'rejected':
        s.rejected = true;
        break;
      case 'dispatched':
        s.lastDispatchAt = e.at;
        if (e.handlerLevel) s.handlerLevel = e.handlerLevel;
        // A department's cases are those whose latest dispatch names it (domain.md §6).
        s.departmentCode = e.departmentCode ?? null;
        s.deadline = e.deadline ?? e.at + limitMs;
        break;
      case 'extended':
        s.deadline = e.deadline!;
        s.extendedCount += 1;
        break;
      case 'escalated':
        s.handlerLevel = e.toLevel!;
        if (e.jointMeeting) s.jointMeeting = true;
        break;
      case 'resolved':
        if (s.resolvedAt === null) {
          s.resolvedAt = e.at;
          s.resolvedHandlerLevel = s.handlerLevel;
        }
        break;
      case 'reopened':
        s.reworkCount += 1;
        s.resolvedAt = null;
        s.resolvedHandlerLevel = null;
        s.closedAt = null;
        s.satisfaction = null;
        break;
      case 'closed':
        s.closedAt = e.at;
        s.satisfaction = e.satisfaction ?? null;
        if (s.resolvedAt === null) {
          s.resolvedAt = e.at;
          s.resolvedHandlerLevel = s.handlerLevel;
        }
        break;
    }
  }

  if (!report) {
    s.status = 'pending';
    return s;
  }
  if (s.deadline === null && s.acceptedAt !== null) s.deadline = s.acceptedAt + limitMs;
  if (s.rejected) s.status = 'rejected';
  else if (s.acceptedAt === null) s.status = 'reported';
  else if (s.closedAt !== null) s.status = 'closed';
  else if (s.resolvedAt !== null) s.status = 'resolved';
  else s.status = 'open';
  return s;
}
