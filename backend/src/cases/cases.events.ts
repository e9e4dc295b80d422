import type { CaseState, NormalizedEvent } from './case-model';

/** Event name: case states were committed to the database (by this instance or another). */
export const CASES_COMMITTED = 'cases.committed';

/**
 * Payload of {@link CASES_COMMITTED}: the committed states of the cases that changed and the
 * events that changed them. Emitted after the commit, before ingest answers, so the live
 * figures an acknowledged event changes are served from the moment it is acknowledged.
 */
export interface CasesCommitted {
  states: readonly CaseState[];
  events: readonly NormalizedEvent[];
  /** `local`: this instance's ingest; `log`: read from the event log (another instance's commit). */
  source: 'local' | 'log';
}
