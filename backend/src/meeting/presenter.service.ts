import { Injectable } from '@nestjs/common';
import type { CaseDetail, Presentation, PublicCaseView } from '@gridwall/shared';
import { ClusterService } from '../cluster/cluster.service';

/** Most presenter channels remembered (a channel is a meeting room's name). */
const MAX_CHANNELS = 1000;

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
 * What each presenter channel shows now, so a wall that starts watching mid-meeting sees it:
 * in Redis when several instances run (any instance may answer the wall), else in memory.
 */
@Injectable()
export class PresenterService {
  private readonly local = new Map<string, Presentation>();

  constructor(private readonly cluster: ClusterService) {}

  async set(p: Presentation): Promise<void> {
    if (p.target === null) this.local.delete(p.channel);
    else {
      if (this.local.size >= MAX_CHANNELS && !this.local.has(p.channel))
        this.local.delete(this.local.keys().next().value!);
      this.local.set(p.channel, p);
    }
    if (this.cluster.enabled) {
      const key = this.cluster.key('present');
      await (
        p.target === null ? this.cluster.hdel(key, p.channel) : this.cluster.hset(key, p.channel, JSON.stringify(p))
      ).catch(() => undefined);
    }
  }

  async get(channel: string): Promise<Presentation> {
    if (this.cluster.enabled) {
      const stored = await this.cluster.hget(this.cluster.key('present'), channel).catch(() => null);
      if (stored) return JSON.parse(stored) as Presentation;
      if (this.cluster.redisUp) return { channel, target: null };
    }
    return this.local.get(channel) ?? { channel, target: null };
  }
}
