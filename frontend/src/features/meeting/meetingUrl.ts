/**
 * The tablet's place in its address (issue 13 item 16, issue 16): the drill-down path, the open
 * case, the period and the replay moment live in the query string, so back, refresh and a shared
 * link show the same screen. Pure: parse and build the query. Unit-tested.
 *
 *     /meeting?path=410102,410102001&period=week&case=C2026-1&at=2026-11-24T09:00:00+08:00
 */
import { choiceKey, parseChoiceKey, type PeriodChoice } from '../../issued/periodChoice';
import { atParam, parseAt } from './replay';

/** The part of the tablet's state kept in the address. */
export interface MeetingPlace {
  /** Codes of the drill-down path below the city, top down; empty: the city. */
  path: string[];
  /** The period on show. */
  choice: PeriodChoice;
  /** The case whose sheet is open; null: none. */
  caseId: string | null;
  /** The replay moment, epoch ms; null: live. */
  at: number | null;
}

/** The default period of the tablet. */
export const DEFAULT_CHOICE: PeriodChoice = { mode: 'live', period: 'week' };

/** An area code or case id fit for the address (anything else is ignored, never trusted as HTML). */
const TOKEN = /^[A-Za-z0-9._-]{1,64}$/;

/** The place an address's query string names (anything unreadable falls back to its default). */
export function parsePlace(search: string): MeetingPlace {
  const q = new URLSearchParams(search);
  const path = (q.get('path') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => TOKEN.test(s));
  const periodText = q.get('period');
  const choice =
    (periodText && (parseChoiceKey(periodText.includes(':') ? periodText : `live:${periodText}`) ?? null)) ||
    DEFAULT_CHOICE;
  const caseText = q.get('case');
  return {
    path,
    choice,
    caseId: caseText && TOKEN.test(caseText) ? caseText : null,
    at: parseAt(q.get('at')),
  };
}

/** The query string of a place (`?…`, or '' for the default city, live week). */
export function placeSearch(place: MeetingPlace): string {
  const q = new URLSearchParams();
  if (place.path.length) q.set('path', place.path.join(','));
  if (choiceKey(place.choice) !== choiceKey(DEFAULT_CHOICE)) {
    q.set('period', place.choice.mode === 'live' ? place.choice.period : choiceKey(place.choice));
  }
  if (place.caseId) q.set('case', place.caseId);
  if (place.at !== null) q.set('at', atParam(place.at));
  const text = q.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
  return text ? `?${text}` : '';
}

/**
 * Whether going from `a` to `b` is a step worth a history entry (back returns to it): another
 * unit, case, period, or entering or leaving replay. Moving the replay moment is not (play would
 * fill the history).
 */
export function isNewStep(a: MeetingPlace, b: MeetingPlace): boolean {
  return (
    a.path.join(',') !== b.path.join(',') ||
    a.caseId !== b.caseId ||
    choiceKey(a.choice) !== choiceKey(b.choice) ||
    (a.at === null) !== (b.at === null)
  );
}
