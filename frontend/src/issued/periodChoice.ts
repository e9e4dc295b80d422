/**
 * The period a tablet shows: a live one (日/周/月, figures moving as cases move) or an issued
 * one (第48周（已发布）, 2026年11月（已发布） …: the figures as they stood when the period closed).
 * Choices are written as keys (`live:week`, `issued:week:2026-W48`) so a native select can hold
 * them. Pure, unit-tested.
 */
import {
  ASSESSMENT_KIND_ZH,
  ASSESSMENT_KINDS,
  isAssessmentKind,
  PERIODS,
  periodLabel,
  periodShortLabel,
} from '@gridwall/shared';
import type { AssessmentHeader, AssessmentKind, Period } from '@gridwall/shared';

/** What a tablet shows. */
export type PeriodChoice =
  | { mode: 'live'; period: Period }
  | {
      mode: 'issued';
      kind: AssessmentKind;
      /** Period key, e.g. 2026-W48. */
      period: string;
    };

/** The live periods a tablet offers, with their one-character labels. */
export const LIVE_CHOICES: { period: Period; label: string }[] = [
  { period: 'day', label: '日' },
  { period: 'week', label: '周' },
  { period: 'month', label: '月' },
];

/** How many issued periods of each kind a picker lists. */
export const ISSUED_LIMITS: Record<AssessmentKind, number> = { week: 12, month: 12, quarter: 4, year: 3 };

/** The key of a choice: live:week, issued:week:2026-W48. */
export function choiceKey(choice: PeriodChoice): string {
  return choice.mode === 'live' ? `live:${choice.period}` : `issued:${choice.kind}:${choice.period}`;
}

/** The choice a key names; null for anything else. */
export function parseChoiceKey(key: string): PeriodChoice | null {
  const [mode, a, b, ...rest] = key.split(':');
  if (rest.length > 0) return null;
  if (mode === 'live' && b === undefined && (PERIODS as readonly string[]).includes(a)) {
    return { mode, period: a as Period };
  }
  if (mode === 'issued' && isAssessmentKind(a) && b) return { mode, kind: a, period: b };
  return null;
}

/** Whether two choices name the same thing. */
export function sameChoice(a: PeriodChoice, b: PeriodChoice): boolean {
  return choiceKey(a) === choiceKey(b);
}

/** The picker's name of an issued period: 第48周（已发布）, 2026年11月（已发布）, 2026年第四季度（已发布）. */
export function issuedOptionLabel(header: Pick<AssessmentHeader, 'kind' | 'period'>): string {
  const name =
    header.kind === 'week' ? periodShortLabel(header.kind, header.period) : periodLabel(header.kind, header.period);
  return `${name}（已发布）`;
}

/** One issued period the picker offers. */
export interface IssuedOption {
  key: string;
  label: string;
  header: AssessmentHeader;
}

/** The issued periods of one kind, newest first, under its name (周评比, 月通报 …). */
export interface IssuedOptionGroup {
  kind: AssessmentKind;
  label: string;
  options: IssuedOption[];
}

/** The issued periods the picker offers, by kind (kinds with none issued are left out). */
export function issuedOptions(
  lists: Partial<Record<AssessmentKind, readonly AssessmentHeader[]>>,
): IssuedOptionGroup[] {
  return ASSESSMENT_KINDS.map((kind) => ({
    kind,
    label: ASSESSMENT_KIND_ZH[kind],
    options: (lists[kind] ?? []).map((header) => ({
      key: choiceKey({ mode: 'issued', kind, period: header.period }),
      label: issuedOptionLabel(header),
      header,
    })),
  })).filter((g) => g.options.length > 0);
}

/** The header of an issued choice among the offered ones; null for a live choice or one not offered. */
export function headerOf(groups: readonly IssuedOptionGroup[], choice: PeriodChoice): AssessmentHeader | null {
  if (choice.mode !== 'issued') return null;
  const key = choiceKey(choice);
  for (const g of groups) for (const o of g.options) if (o.key === key) return o.header;
  return null;
}
