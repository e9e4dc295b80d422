/**
 * The last issued assessment of a kind for a scope, as a wall shows it: its header, the
 * scope's figures and the ranking of the tier below the scope, read in that order (the stats
 * name the scope's level, which names the tier). Issued versions never change, so a refresh
 * that finds the same period and version keeps what it has and reads nothing more. Pure apart
 * from the injected reader; unit-tested.
 */
import { CHILD_TIER } from '@gridwall/shared';
import type {
  AssessmentHeader,
  AssessmentKind,
  AssessmentList,
  IssuedRankingView,
  IssuedStatsView,
  RankingTier,
} from '@gridwall/shared';
import { assessmentListPath, issuedRankingsPath, issuedStatsPath } from './issuedPaths';

/** Reads a JSON path (with the wall's token). */
export type JsonReader = <T>(path: string) => Promise<T>;

/** What a wall knows of the last issued assessment of a kind. */
export type LatestAssessment =
  /** Nothing of this kind was issued yet. */
  | { kind: AssessmentKind; status: 'none' }
  | {
      kind: AssessmentKind;
      status: 'ready';
      header: AssessmentHeader;
      stats: IssuedStatsView;
      /** The tier ranked below the scope; null below villages (no ranking). */
      tier: RankingTier | null;
      ranking: IssuedRankingView | null;
    };

/** Whether `a` already holds the issued version `header` names. */
function sameVersion(a: LatestAssessment | null, header: AssessmentHeader): boolean {
  return a?.status === 'ready' && a.header.period === header.period && a.header.version === header.version;
}

/**
 * Reads the last issued assessment of `kind` for `scope`; `previous` (the last answer) is
 * returned as it is when nothing new was issued since.
 */
export async function loadLatestAssessment(
  kind: AssessmentKind,
  scope: string,
  read: JsonReader,
  previous: LatestAssessment | null = null,
): Promise<LatestAssessment> {
  const list = await read<AssessmentList>(assessmentListPath(kind, 1));
  const header = list.items[0];
  if (!header) return { kind, status: 'none' };
  if (sameVersion(previous, header)) return previous as LatestAssessment;
  const ref = { kind, period: header.period, version: header.version };
  const stats = await read<IssuedStatsView>(issuedStatsPath(ref, scope));
  const tier = CHILD_TIER[stats.level];
  const ranking = tier ? await read<IssuedRankingView>(issuedRankingsPath(ref, tier, scope)) : null;
  return { kind, status: 'ready', header, stats, tier, ranking };
}
