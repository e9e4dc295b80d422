/**
 * How the current hotspots (预警, issue 15) read on the tablet pages (meeting, district). Pure,
 * unit-tested.
 */
import { CATEGORY_ZH, hotspotHeadline } from '@gridwall/shared';
import type { HotspotList } from '@gridwall/shared';
import { formatCityDateTime } from '../utils/format';
import { placePath } from './caseView';

/** The REST path of the current hotspots of `unit` (units at or below it); null without a unit. */
export function hotspotsPath(unit: { code: string } | null): string | null {
  return unit ? `/api/hotspots?scope=${encodeURIComponent(unit.code)}` : null;
}

/** One hotspot (预警) as the tablet lists it. */
export interface HotspotLine {
  id: string;
  /** The unit's full place path: 中原区 › 林山寨街道. */
  place: string;
  category: string;
  /** 近24小时 14 件，常态约 3 件. */
  headline: string;
  /** 11-25 09:00 起. */
  since: string;
  /** 未办结 12 件. */
  open: string;
  caseIds: string[];
}

/** The hotspots as listed (the server sends the strongest first; the order is kept). */
export function hotspotLines(list: HotspotList): HotspotLine[] {
  return list.items.map((h) => ({
    id: h.id,
    place: placePath(h.areaPath.length ? h.areaPath : [h.unit]),
    category: CATEGORY_ZH[h.category],
    headline: hotspotHeadline(h.windowHours, h.windowCount, h.expected),
    since: `${formatCityDateTime(h.since).slice(5, 16)} 起`,
    open: `未办结 ${h.openCases} 件`,
    caseIds: [...h.openCaseIds],
  }));
}
