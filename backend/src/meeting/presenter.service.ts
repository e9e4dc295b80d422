import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import {
  channelRoomOf,
  type CaseDetail,
  toCityIso,
  type Presentation,
  type PresentTarget,
  type PublicCaseView,
  type WallControl,
  type WallControlRequest,
} from '@gridwall/shared';
import { Clock } from '../common/clock';
import { AreasService } from '../areas/areas.service';
import type { Principal } from '../auth/principal';
import { ClusterService } from '../cluster/cluster.service';
import { LiveBroadcaster } from '../live/live-broadcaster.service';
import { MeetingService } from './meeting.service';

/** Most presenter channels remembered (a channel is a meeting room's name). */
const MAX_CHANNELS = 1000;

/** Who refreshes a presented case: the system, allowed every case. */
const SYSTEM: Principal = { role: 'leader', name: 'system', districtCode: null, tokenId: null, kind: 'env' };

/** The public view of a case for wall screens: no reporter, phone, description, reasons or notes. */
export function publicCase(d: CaseDetail): PublicCaseView {
  return {
    caseId: d.caseId,
    title: d.title,
    category: d.category,
    status: d.status,
    areaPath: d.areaPath,
    handler: d.handler,
    departments: d.departments,
    reportedAt: d.reportedAt,
    deadline: d.deadline,
    state: d.state,
    reworkCount: d.reworkCount,
    timeline: d.timeline.map((t) => ({
      type: t.type,
      at: t.at,
      ...(t.handlerLevel ? { handlerLevel: t.handlerLevel } : {}),
      ...(t.departmentName ? { departmentName: t.departmentName } : {}),
      ...(t.toLevel ? { toLevel: t.toLevel } : {}),
    })),
  };
}

/**
 * Presenter mode: what each channel shows now, so a wall that starts watching mid-meeting sees
 * it (in Redis when several instances run, since any instance may answer the wall; in memory,
 * bounded, otherwise), sent to the channel's walls on every change, and a presented case
 * refreshed when it changes.
 */
@Injectable()
export class PresenterService {
  private readonly logger = new Logger(PresenterService.name);
  /** Presentations set on this instance, oldest first (bounded by {@link MAX_CHANNELS}). */
  private readonly local = new Map<string, Presentation>();

  constructor(
    private readonly cluster: ClusterService,
    private readonly meeting: MeetingService,
    private readonly areas: AreasService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly clock: Clock,
  ) {}

  /** Puts a target (null: nothing) on a channel's walls, as presented by `p`. */
  async present(p: Principal, channel: string, target: PresentTarget | null): Promise<Presentation> {
    let presentation: Presentation;
    const { control } = await this.get(channel);
    if (target?.kind === 'case') {
      const detail = await this.meeting.caseDetail(target.caseId, p);
      presentation = { channel, target, case: publicCase(detail), presenter: p.displayName ?? p.name };
    } else {
      if (target && !this.areas.tree.has(target.code)) {
        throw new BadRequestException(`target.code: unknown area code ${JSON.stringify(target.code)}`);
      }
      presentation = { channel, target, presenter: p.displayName ?? p.name };
    }
    // What is presented and how the playlist runs are separate: presenting keeps the control.
    if (control) presentation.control = control;
    await this.publish(presentation);
    this.logger.log(`${p.name} presents ${target ? JSON.stringify(target) : 'nothing'} on ${channel}`);
    return presentation;
  }

  /**
   * Changes the control of a channel's walls (pause, pin, step, hide 样本不足) as asked by `p`,
   * keeping what is presented; `reset` returns to the playlist as configured.
   */
  async control(p: Principal, req: WallControlRequest): Promise<Presentation> {
    const current = await this.get(req.channel);
    const before: WallControl = current.control ?? {
      paused: false,
      pinned: null,
      hideInsufficient: false,
      stepSeq: 0,
      stepBy: 0,
      by: '',
      at: '',
    };
    const next: WallControl = req.reset
      ? { ...before, paused: false, pinned: null, hideInsufficient: false }
      : {
          ...before,
          paused: req.paused ?? before.paused,
          pinned: req.pinned === undefined ? before.pinned : req.pinned,
          hideInsufficient: req.hideInsufficient ?? before.hideInsufficient,
        };
    if (!req.reset && req.step) {
      next.stepSeq = before.stepSeq + 1;
      next.stepBy = req.step;
    }
    next.by = p.displayName ?? p.name;
    next.at = toCityIso(this.clock.now());
    const presentation: Presentation = { ...current, control: next };
    await this.publish(presentation);
    this.logger.log(`${p.name} controls ${req.channel}: ${JSON.stringify(req)}`);
    return presentation;
  }

  /** What a channel shows now. */
  async get(channel: string): Promise<Presentation> {
    if (this.cluster.enabled) {
      const stored = await this.cluster.hget(this.cluster.key('present'), channel).catch(() => null);
      if (stored) return JSON.parse(stored) as Presentation;
      if (this.cluster.redisUp) return { channel, target: null };
    }
    return this.local.get(channel) ?? { channel, target: null };
  }

  /** Channels of this instance presenting one of these cases get the case's new public view. */
  async refreshCases(caseIds: readonly string[]): Promise<void> {
    for (const p of [...this.local.values()]) {
      if (p.target?.kind !== 'case' || !caseIds.includes(p.target.caseId)) continue;
      try {
        await this.publish({ ...p, case: publicCase(await this.meeting.caseDetail(p.target.caseId, SYSTEM)) });
      } catch (err) {
        this.logger.warn(`cannot refresh presentation on ${p.channel}: ${(err as Error).message}`);
      }
    }
  }

  private async publish(p: Presentation): Promise<void> {
    const idle = p.target === null && !p.control;
    if (idle) this.local.delete(p.channel);
    else {
      if (this.local.size >= MAX_CHANNELS && !this.local.has(p.channel)) {
        this.local.delete(this.local.keys().next().value!);
      }
      this.local.set(p.channel, p);
    }
    if (this.cluster.enabled) {
      const key = this.cluster.key('present');
      await (idle ? this.cluster.hdel(key, p.channel) : this.cluster.hset(key, p.channel, JSON.stringify(p))).catch(
        () => undefined,
      );
    }
    this.broadcaster.send('presenting', channelRoomOf(p.channel), p);
  }
}
