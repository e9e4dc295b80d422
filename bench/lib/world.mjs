// The simulated city as the benchmarks see it: the same area tree, departments, time limits,
// case planner (planCase) and fold (foldCase) the server uses, imported from the built backend.
import { createRequire } from 'node:module';
import { ROOT } from './paths.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(`${ROOT}/backend/dist/${p}`);

const { zhengzhouAreas } = dist('areas/seed-data.js');
const { AreaTree } = dist('areas/area-tree.js');
const { demoDepartments } = dist('departments/seed-data.js');
const { defaultDomainConfig, timeLimitMs } = dist('config/domain-config.js');
const { planCase, arrivals } = dist('simulator/plan.js');
const { foldCase } = dist('cases/fold.js');
const { validateIngestBody, canonicalJson } = dist('ingest/event-validation.js');
const { Rng } = dist('simulator/rng.js');

export { planCase, arrivals, foldCase, canonicalJson, Rng };

let cached;

/** The area tree, departments and the planner's world, built once per process. */
export function world() {
  if (cached) return cached;
  const areas = zhengzhouAreas();
  const tree = new AreaTree(areas);
  const districts = tree.ofLevel('district');
  const departments = demoDepartments(districts.map((d) => ({ code: d.code, name: d.name })));
  const config = defaultDomainConfig();
  const cells = tree.ofLevel('cell').map((c) => c.code);
  const planWorld = {
    cells,
    districtOf: (code) => tree.ancestorAt(code, 'district')?.code ?? tree.root.code,
    departmentsFor: (district) =>
      departments.filter((d) => d.level === district || d.level === 'city').map((d) => d.code),
    timeLimitMs: (c) => timeLimitMs(config, c),
  };
  const foldContext = {
    timeLimitMs: (c) => timeLimitMs(config, c),
    levelOf: (code) => tree.levelOf(code),
  };
  cached = { tree, departments, config, planWorld, foldContext, cells };
  return cached;
}

const LAX = { hasArea: () => true, hasDepartment: () => true, now: Number.MAX_SAFE_INTEGER };

/** Normalizes API events (ISO times) into the stored form (epoch ms), as ingest does. */
export function normalize(events) {
  return validateIngestBody({ events }, LAX);
}

/** The case_state row of a folded state, column names as in the migration. */
export function stateRow(s) {
  return [
    s.caseId,
    s.status,
    s.gridCode,
    s.category,
    s.source,
    s.title,
    s.reportedAt,
    s.acceptedAt,
    s.rejected ? 1 : 0,
    s.deadline,
    s.lastDispatchAt,
    s.resolvedAt,
    s.closedAt,
    s.handlerLevel,
    s.resolvedHandlerLevel,
    s.departmentCode,
    s.jointMeeting ? 1 : 0,
    s.reworkCount,
    s.extendedCount,
    s.satisfaction,
    s.eventCount,
    s.lastEventAt,
  ];
}

export const STATE_COLUMNS = ['case_id', ...dist('cases/case-state.columns.js').STATE_COLUMNS];

export const EVENT_COLUMNS = ['event_id', 'case_id', 'type', 'at_ms', 'payload', 'received_at_ms'];

/**
 * One stored case of the history, as the server would hold it after ingesting every event of
 * its plan up to `now`: its event rows and its folded state row.
 */
export function historicCase(caseId, reportedAt, now) {
  const w = world();
  const planned = planCase(caseId, reportedAt, w.planWorld).filter((p) => p.at <= now);
  const events = normalize(planned.map((p) => p.event));
  const state = foldCase(caseId, events, w.foldContext);
  const eventRows = events.map((e) => [e.eventId, e.caseId, e.type, e.at, canonicalJson(e), e.at]);
  return { state, stateRow: stateRow(state), eventRows };
}
