/**
 * Columns of `case_state` besides its key `case_id`: the ones rewritten when a case is refolded.
 * No imports, so the benchmarks' bulk loader (bench/lib/world.mjs) can share it from the build.
 */
export const STATE_COLUMNS = [
  'status',
  'grid_code',
  'category',
  'source',
  'title',
  'reported_at',
  'accepted_at',
  'rejected',
  'deadline',
  'last_dispatch_at',
  'resolved_at',
  'closed_at',
  'handler_level',
  'resolved_handler_level',
  'department_code',
  'joint_meeting',
  'rework_count',
  'extended_count',
  'satisfaction',
  'event_count',
  'last_event_at',
] as const;
