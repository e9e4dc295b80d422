import type { HotspotView } from '@gridwall/shared';

/**
 * Event name: the current hotspots changed (raised, cleared, or their figures moved). The
 * payload names the units and every scope whose list `HotspotsService.current(scope)` changed
 * (the units and all their ancestors up to the city), for putting them into socket rooms.
 */
export const HOTSPOTS_CHANGED = 'hotspots.changed';

/** Payload of {@link HOTSPOTS_CHANGED}. */
export interface HotspotsChanged {
  /** Codes of the units whose hotspots changed. */
  units: string[];
  /** The units and their ancestors: the scopes whose list changed. */
  scopes: string[];
}

/** Event name: a hotspot was raised and stored (emitted once, where history is written). */
export const HOTSPOT_RAISED = 'hotspot.raised';

/** Payload of {@link HOTSPOT_RAISED}. */
export interface HotspotRaised {
  view: HotspotView;
}
