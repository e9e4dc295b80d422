/** Emitted with `{running}` around the demo's backfill of an empty database. */
export const SIMULATOR_BACKFILL = 'simulator.backfill';
