import type { AppendResult, PreparedEvent } from '../cases/case-store.service';
import type { NormalizedEvent } from '../cases/case-model';
import { DatabaseTimeoutError, RetryLaterError } from '../common/db-errors';
import { currentRequest, runInRequest, type RequestContext } from '../common/request-context';

/** What one member of a group gets back: its own counts, and whether it stored anything. */
export interface MemberResult {
  accepted: number;
  duplicates: number;
  /** The events of this member that were newly stored. */
  inserted: NormalizedEvent[];
}

/** Commits a batch in one transaction (CaseStoreService.append with the fold context bound). */
export type CommitFn = (batch: readonly PreparedEvent[], now: number) => Promise<AppendResult>;

/** Called once per committed transaction, before any of its members is answered. */
export type CommittedFn = (result: AppendResult, members: readonly { now: number; result: MemberResult }[]) => void;

interface Member {
  events: readonly PreparedEvent[];
  now: number;
  ctx: RequestContext | undefined;
  resolve: (r: MemberResult) => void;
  reject: (err: unknown) => void;
}

/** Most events one group commit holds. */
export const MAX_GROUP_EVENTS = 1000;

/**
 * Group commit for small ingest requests: the first request commits at once; those that arrive
 * while a commit is in flight wait and then share one transaction. Each is answered only after
 * that transaction committed (and {@link CommittedFn} ran), with its own counts.
 *
 * A group that fails for a reason of its content (an eventId received with other content, or
 * anything not a database outage) rolled back entirely; every member is then committed again on
 * its own, so a bad event gets its own 409/400 and fails no other. An outage (RetryLaterError)
 * fails the whole group: nothing of it was stored.
 *
 * The group's transaction runs as its oldest member's request (request-context.ts): should the
 * database stop answering, that request is the first to be answered 503, and cutting its
 * connection rolls the whole group back, so no member answered 503 has its events stored later.
 */
export class GroupCommit {
  private pending: Member[] = [];
  private flushing = false;

  constructor(
    private readonly commit: CommitFn,
    private readonly committed: CommittedFn,
    private readonly maxEvents = MAX_GROUP_EVENTS,
  ) {}

  /** Requests waiting for the next group. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Commits `events` with whatever else arrives meanwhile; resolves after the commit. */
  submit(events: readonly PreparedEvent[], now: number): Promise<MemberResult> {
    return new Promise<MemberResult>((resolve, reject) => {
      this.pending.push({ events, now, ctx: currentRequest(), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        let n = 0;
        let size = 0;
        while (n < this.pending.length && (n === 0 || size + this.pending[n].events.length <= this.maxEvents)) {
          size += this.pending[n].events.length;
          n += 1;
        }
        const group = this.pending.splice(0, n);
        await this.commitGroup(group);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitGroup(all: Member[]): Promise<void> {
    // A member already answered 503 (its database wait expired) stores nothing any more.
    const group: Member[] = [];
    for (const m of all) {
      if (m.ctx?.expired) m.reject(new DatabaseTimeoutError(Date.now() - m.ctx.startedAt));
      else group.push(m);
    }
    if (group.length === 0) return;
    const now = Math.max(...group.map((m) => m.now));
    const batch = group.length === 1 ? group[0].events : group.flatMap((m) => m.events);
    let result: AppendResult;
    try {
      result = await inContext(group[0].ctx, () => this.commit(batch, now));
    } catch (err) {
      if (group.length === 1 || err instanceof RetryLaterError) {
        for (const m of group) m.reject(err);
        return;
      }
      // An eventId received with other content (ConflictException), or anything else that is not
      // an outage: the group rolled back; each member learns its own fate alone.
      await Promise.all(group.map((m) => this.commitAlone(m)));
      return;
    }
    this.settle(group, result);
  }

  /** A member of a failed group, committed on its own (in its own request). */
  private async commitAlone(m: Member): Promise<void> {
    let result: AppendResult;
    try {
      result = await inContext(m.ctx, () => this.commit(m.events, m.now));
    } catch (err) {
      m.reject(err);
      return;
    }
    this.settle([m], result);
  }

  /** Splits a committed result among its members (in order), tells the listener, answers them. */
  private settle(group: readonly Member[], result: AppendResult): void {
    const fresh = new Set(result.inserted.map((e) => e.eventId));
    const out = group.map((m) => {
      const r: MemberResult = { accepted: 0, duplicates: 0, inserted: [] };
      for (const b of m.events) {
        // The first occurrence of a newly stored eventId stored it; any later one is a duplicate.
        if (fresh.delete(b.event.eventId)) {
          r.accepted += 1;
          r.inserted.push(b.event);
        } else {
          r.duplicates += 1;
        }
      }
      return { member: m, result: r };
    });
    try {
      this.committed(
        result,
        out.map((o) => ({ now: o.member.now, result: o.result })),
      );
    } finally {
      for (const o of out) o.member.resolve(o.result);
    }
  }
}

function inContext<T>(ctx: RequestContext | undefined, fn: () => Promise<T>): Promise<T> {
  return ctx && !ctx.done ? runInRequest(ctx, fn) : fn();
}
