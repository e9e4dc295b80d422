/**
 * Case history for the issued-assessment browser tests: one case a day, for 75 days before the
 * test moment, in nine units spread over every ranking group (城区, 县（市）, 开发区; 街道 and 乡镇),
 * with on-time, late and never-resolved cases in proportions that differ per unit, extensions
 * and satisfaction grades, so every ended week, month and quarter before the moment has ranked
 * units, cards, 末位 and an overdue backlog. Deterministic: a function of the moment only.
 */
import type { CaseEvent, HandlerLevel, Satisfaction } from '@gridwall/shared';
import { getJson } from '../backend/src/testing/test-app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Days of history before the moment (covers two ended weeks and one ended month at any moment). */
export const HISTORY_DAYS = 75;

interface Node {
  code: string;
  name: string;
}

/** One reporting unit of the fixture: a cell, and the share of its cases handled on time. */
export interface FixtureUnit {
  cell: string;
  district: string;
  township: string;
  onTime: number;
}

/**
 * The fixture's units: three townships of 中原区 (the district user's district), one township of
 * 金水区, 二七区, 巩义市 and 郑州经济技术开发区, a 街道 and a 镇 of 中牟县; the first cell of each.
 */
export async function fixtureUnits(url: string, token: string): Promise<FixtureUnit[]> {
  const children = async (code: string): Promise<Node[]> =>
    (await getJson<Node[]>(url, `/api/areas?parent=${code}`, token)).body;
  const firstCell = async (township: string): Promise<string> => {
    const village = (await children(township))[0];
    return (await children(village.code))[0].code;
  };
  const picks: [string, (t: Node[]) => Node[]][] = [
    ['410102', (t) => t.slice(0, 3)],
    ['410105', (t) => t.slice(0, 1)],
    ['410103', (t) => t.slice(0, 1)],
    ['410122', (t) => [t.find((x) => x.name.endsWith('街道'))!, t.find((x) => x.name.endsWith('镇'))!]],
    ['410181', (t) => t.slice(0, 1)],
    ['410171', (t) => t.slice(0, 1)],
  ];
  const shares = [0.95, 0.8, 0.65, 0.9, 0.55, 0.85, 0.7, 0.6, 0.75];
  const units: FixtureUnit[] = [];
  for (const [district, pick] of picks) {
    for (const township of pick(await children(district))) {
      units.push({
        cell: await firstCell(township.code),
        district,
        township: township.code,
        onTime: shares[units.length % shares.length],
      });
    }
  }
  return units;
}

const TITLES = ['占道经营', '违规张贴小广告', '消防通道堵塞', '井盖缺失', '私搭乱建', '垃圾清运不及时', '噪音扰民'];
const SATISFACTION: Satisfaction[] = ['satisfied', 'satisfied', 'satisfied', 'basic', 'satisfied', 'unsatisfied'];

/** The events of the history before `now` (none after it: ingest refuses the future). */
export function historyEvents(units: readonly FixtureUnit[], now: number, days = HISTORY_DAYS): CaseEvent[] {
  const events: CaseEvent[] = [];
  const iso = (t: number): string => new Date(t).toISOString();
  units.forEach((unit, i) => {
    for (let d = 1; d <= days; d++) {
      const caseId = `H${i}-${d}`;
      const t = now - d * DAY - 3 * HOUR - i * 7 * 60_000;
      const r = ((d * 37 + i * 101) % 100) / 100;
      const deadline0 = t + 20 * 60_000 + 48 * HOUR;
      const extended = d % 6 === i % 6;
      const deadline = extended ? deadline0 + 24 * HOUR : deadline0;
      const level: HandlerLevel = d % 4 === 0 ? 'district' : 'township';
      const caseEvents: CaseEvent[] = [
        {
          eventId: `${caseId}-r`,
          caseId,
          type: 'reported',
          at: iso(t),
          gridCode: unit.cell,
          category: d % 3 === 0 ? 'illegal_business' : 'urban_management',
          source: d % 2 === 0 ? 'patrol' : 'citizen',
          title: `${TITLES[(d + i) % TITLES.length]}（${caseId}）`,
        },
        { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(t + 10 * 60_000) },
        {
          eventId: `${caseId}-d`,
          caseId,
          type: 'dispatched',
          at: iso(t + 20 * 60_000),
          deadline: iso(deadline0),
          handlerLevel: level,
          ...(level === 'district' ? { departmentCode: 'city.cg' } : {}),
        },
      ];
      if (extended) {
        caseEvents.push({
          eventId: `${caseId}-x`,
          caseId,
          type: 'extended',
          at: iso(t + 30 * HOUR),
          deadline: iso(deadline),
          reason: '需协调相关部门',
        });
      }
      // Some never resolved (overdue once the deadline passes), some late, the rest on time.
      const open = r < 0.05 + 0.015 * i;
      if (!open) {
        const resolvedAt = r < 1 - unit.onTime ? deadline + 10 * HOUR : t + (6 + ((d * 13 + i) % 34)) * HOUR;
        caseEvents.push({ eventId: `${caseId}-s`, caseId, type: 'resolved', at: iso(resolvedAt) });
        caseEvents.push({
          eventId: `${caseId}-c`,
          caseId,
          type: 'closed',
          at: iso(resolvedAt + 2 * HOUR),
          satisfaction: SATISFACTION[(d + i * 2) % SATISFACTION.length],
        });
      }
      for (const e of caseEvents) if (Date.parse(e.at) <= now - 60_000) events.push(e);
    }
  });
  return events;
}
