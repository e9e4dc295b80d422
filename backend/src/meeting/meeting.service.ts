import { Injectable, NotFoundException } from '@nestjs/common';
import {
  HOUR_MS,
  toCityIso,
  type CaseDetail,
  type MeetingView,
  type OpenCaseList,
  type TimelineEntry,
} from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import { DistrictShapes } from '../areas/district-shapes';
import type { Principal } from '../auth/principal';
import { AuthService } from '../auth/auth.service';
import type { NormalizedEvent } from '../cases/case-model';
import { CaseStoreService } from '../cases/case-store.service';
import { areaPathOf, handlerViewOf, levelledAreaPathOf } from '../cases/case-views';
import { compareEvents } from '../cases/fold';
import { Clock } from '../common/clock';
import { DepartmentsService } from '../departments/departments.service';
import { LiveEngine } from '../live/live-engine.service';

const STATE = ['green', 'green', 'yellow', 'red'] as const;

/** Masks a phone number for detail views: 13812341234 → 138****1234. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(Math.max(4, digits.length - 7))}${digits.slice(-4)}`;
}

/** Case details and the joint-meeting agenda, for the roles allowed to see them. */
@Injectable()
export class MeetingService {
  constructor(
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly store: CaseStoreService,
    private readonly engine: LiveEngine,
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  /** One case with its whole timeline; 404 for an unknown case, 403 outside a district user's district. */
  private readonly shapes = new DistrictShapes();

  /** Whether a reported location lies in the case's district (null when unknown). */
  private locationCheck(gridCode: string | null, location: { lng: number; lat: number } | undefined): boolean | null {
    if (!location || !gridCode) return null;
    const district = this.areas.tree.ancestorAt(gridCode, 'district')?.code;
    return district ? this.shapes.contains(district, location) : null;
  }

  async caseDetail(caseId: string, p: Principal): Promise<CaseDetail> {
    const events = (await this.store.eventsOf(caseId)).sort(compareEvents);
    const report = events.find((e) => e.type === 'reported');
    if (!report) throw new NotFoundException(`caseId: no reported case ${JSON.stringify(caseId)}`);
    const tree = this.areas.tree;
    const district = tree.ancestorAt(report.gridCode!, 'district')?.code ?? null;
    this.auth.assertDetailAccess(p, district, 'caseId');
    const s = await this.store.stateOf(caseId);
    const node = tree.get(report.gridCode!)!;
    const deptName = (code?: string | null) => (code ? (this.departments.get(code)?.name ?? code) : undefined);
    const departments = [...new Set(events.filter((e) => e.departmentCode).map((e) => e.departmentCode!))].map(
      (code) => ({ code, name: deptName(code)! }),
    );
    const phase = this.engine.phaseOf(caseId);
    const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : toCityIso(t));
    return {
      caseId,
      title: report.title!,
      category: report.category!,
      source: report.source!,
      status: s!.status,
      areaPath: levelledAreaPathOf(tree, node.code),
      handler: handlerViewOf(s!, (code) => this.departments.get(code)),
      departments,
      reportedAt: toCityIso(report.at),
      acceptedAt: iso(s!.acceptedAt),
      deadline: iso(s!.deadline),
      resolvedAt: iso(s!.resolvedAt),
      closedAt: iso(s!.closedAt),
      satisfaction: s!.satisfaction,
      reworkCount: s!.reworkCount,
      extendedCount: s!.extendedCount,
      jointMeeting: s!.jointMeeting,
      state: phase === 0 ? null : STATE[phase],
      description: report.description ?? null,
      reporter: report.reporter
        ? {
            ...(report.reporter.name ? { name: report.reporter.name } : {}),
            ...(report.reporter.phone ? { phone: maskPhone(report.reporter.phone) } : {}),
          }
        : null,
      location: report.location ?? null,
      locationInDistrict: this.locationCheck(s!.gridCode, report.location),
      timeline: events.map((e) => timelineEntry(e, deptName)),
    };
  }

  /**
   * The open cases of a scope, worst first: the most overdue, then the nearest deadline, then
   * those without a deadline by report time; `state` filters, `limit`/`offset` page. From the
   * live state (no database read). Public fields only, like the overdue list.
   */
  openCases(scope: string, p: Principal, state: OpenCaseList['state'], limit: number, offset: number): OpenCaseList {
    this.areas.require(scope);
    if (p.role === 'district') {
      const district = this.areas.tree.ancestorAt(scope, 'district')?.code ?? null;
      this.auth.assertDetailAccess(p, district, 'scope');
    }
    const now = this.clock.now();
    const all = this.engine.openIn(scope);
    const totals = { red: 0, yellow: 0, green: 0 };
    for (const c of all) totals[STATE[c.phase] as 'red' | 'yellow' | 'green'] += 1;
    const chosen = all
      .filter((c) => state === 'all' || STATE[c.phase] === state)
      .sort(
        (a, b) =>
          (a.s.deadline ?? Infinity) - (b.s.deadline ?? Infinity) ||
          (a.s.reportedAt ?? 0) - (b.s.reportedAt ?? 0) ||
          (a.s.caseId < b.s.caseId ? -1 : 1),
      );
    const tree = this.areas.tree;
    return {
      scope,
      state,
      totals,
      total: chosen.length,
      offset,
      limit,
      items: chosen.slice(offset, offset + limit).map(({ s, phase }) => ({
        caseId: s.caseId,
        title: s.title!,
        category: s.category!,
        areaPath: areaPathOf(tree, s.gridCode!),
        handler: handlerViewOf(s, (code) => this.departments.get(code)),
        deadline: s.deadline === null ? null : toCityIso(s.deadline),
        overdueHours: s.deadline === null ? null : Math.round(((now - s.deadline) / HOUR_MS) * 10) / 10,
        state: STATE[phase] as 'red' | 'yellow' | 'green',
        reportedAt: toCityIso(s.reportedAt!),
      })),
    };
  }

  /** Open joint-meeting cases in a scope, oldest first (at most `limit`), with the total. */
  async agenda(scope: string, p: Principal, limit = 100): Promise<MeetingView> {
    this.areas.require(scope);
    if (p.role === 'district') {
      const district = this.areas.tree.ancestorAt(scope, 'district')?.code ?? null;
      this.auth.assertDetailAccess(p, district, 'scope');
    }
    const now = this.clock.now();
    const open = this.engine
      .jointIn(scope)
      .sort((a, b) => (a.s.acceptedAt ?? 0) - (b.s.acceptedAt ?? 0) || (a.s.caseId < b.s.caseId ? -1 : 1));
    const chosen = open.slice(0, limit);
    const events = await this.store.eventsOfCases(chosen.map((c) => c.s.caseId));
    const tree = this.areas.tree;
    return {
      scope,
      total: open.length,
      items: chosen.map(({ s, phase }) => {
        const codes = [
          ...new Set((events.get(s.caseId) ?? []).filter((e) => e.departmentCode).map((e) => e.departmentCode!)),
        ];
        return {
          caseId: s.caseId,
          title: s.title!,
          category: s.category!,
          areaPath: areaPathOf(tree, s.gridCode!),
          handler: handlerViewOf(s, (code) => this.departments.get(code)),
          departments: codes.map((code) => ({ code, name: this.departments.get(code)?.name ?? code })),
          daysOpen: Math.floor((now - s.acceptedAt!) / (24 * HOUR_MS)),
          acceptedAt: toCityIso(s.acceptedAt!),
          deadline: s.deadline === null ? null : toCityIso(s.deadline),
          state: STATE[phase] as 'red' | 'yellow' | 'green',
        };
      }),
    };
  }
}

function timelineEntry(e: NormalizedEvent, deptName: (c?: string | null) => string | undefined): TimelineEntry {
  const t: TimelineEntry = { eventId: e.eventId, type: e.type, at: toCityIso(e.at) };
  if (e.handlerLevel) t.handlerLevel = e.handlerLevel;
  if (e.departmentCode) {
    t.departmentCode = e.departmentCode;
    t.departmentName = deptName(e.departmentCode);
  }
  if (e.deadline !== undefined) t.deadline = toCityIso(e.deadline);
  if (e.toLevel) t.toLevel = e.toLevel;
  if (e.jointMeeting !== undefined) t.jointMeeting = e.jointMeeting;
  if (e.reason) t.reason = e.reason;
  if (e.note) t.note = e.note;
  if (e.satisfaction) t.satisfaction = e.satisfaction;
  return t;
}
