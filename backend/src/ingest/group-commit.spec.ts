import { ConflictException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { AppendResult, PreparedEvent } from '../cases/case-store.service';
import type { NormalizedEvent } from '../cases/case-model';
import { DatabaseUnavailableError } from '../common/db-errors';
import { RequestContext, runInRequest } from '../common/request-context';
import { GroupCommit, type MemberResult } from './group-commit';

function ev(eventId: string, content = 'a'): PreparedEvent {
  const event = { eventId, caseId: eventId.split('-')[0], type: 'reported', at: 0 } as NormalizedEvent;
  return { event, canonical: `${eventId}:${content}`, path: '' };
}

/** A store in memory with the append semantics of CaseStoreService (all or nothing, 409 on other content). */
function fakeStore() {
  const stored = new Map<string, string>();
  const transactions: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  let failNext: unknown = null;
  const commit = async (batch: readonly PreparedEvent[]): Promise<AppendResult> => {
    await gate;
    await new Promise((r) => setTimeout(r, 5));
    if (failNext) {
      const err = failNext;
      failNext = null;
      throw err;
    }
    const seen = new Map(stored);
    const inserted: NormalizedEvent[] = [];
    let duplicates = 0;
    for (const b of batch) {
      const prior = seen.get(b.event.eventId);
      if (prior === undefined) {
        seen.set(b.event.eventId, b.canonical);
        inserted.push(b.event);
      } else if (prior === b.canonical) duplicates += 1;
      else
        throw new ConflictException(
          `eventId: ${JSON.stringify(b.event.eventId)} was already received with different content`,
        );
    }
    for (const [k, v] of seen) stored.set(k, v);
    transactions.push(batch.map((b) => b.event.eventId));
    return { inserted, duplicates, states: [] };
  };
  return {
    stored,
    transactions,
    commit,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => release();
    },
    failNextWith(err: unknown) {
      failNext = err;
    },
  };
}

describe(GroupCommit.name, () => {
  it('commits the first request at once and those arriving meanwhile together, each answered with its own counts', async () => {
    const store = fakeStore();
    const published: { inserted: number; members: MemberResult[] }[] = [];
    const sut = new GroupCommit(store.commit, (r, members) =>
      published.push({ inserted: r.inserted.length, members: members.map((m) => m.result) }),
    );
    const first = sut.submit([ev('A-1')], 1);
    const rest = [sut.submit([ev('B-1')], 2), sut.submit([ev('C-1')], 3), sut.submit([ev('B-1')], 4)];
    expect(sut.waiting).toBe(3);
    const answers = await Promise.all([first, ...rest]);
    expect(store.transactions).toEqual([['A-1'], ['B-1', 'C-1', 'B-1']]);
    expect(answers.map((a) => [a.accepted, a.duplicates])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(published.map((p) => p.inserted)).toEqual([1, 2]);
  });

  it('answers only after the commit', async () => {
    const store = fakeStore();
    const release = store.hold();
    const sut = new GroupCommit(store.commit, () => undefined);
    let answered = false;
    const p = sut.submit([ev('A-1')], 1).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    expect(store.stored.size).toBe(0);
    release();
    await p;
    expect(answered).toBe(true);
    expect(store.stored.has('A-1')).toBe(true);
  });

  it('gives a conflicting event its own 409 and stores every other member of its group', async () => {
    const store = fakeStore();
    const sut = new GroupCommit(store.commit, () => undefined);
    await sut.submit([ev('X-1', 'old')], 0);
    const release = store.hold();
    const head = sut.submit([ev('H-1')], 1);
    const group = [
      sut.submit([ev('A-1')], 2),
      sut.submit([ev('X-1', 'new')], 3),
      sut.submit([ev('B-1'), ev('B-2')], 4),
    ];
    release();
    const settled = await Promise.allSettled([head, ...group]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictException);
    expect((settled[3] as PromiseFulfilledResult<MemberResult>).value.accepted).toBe(2);
    expect([...store.stored.keys()].sort()).toEqual(['A-1', 'B-1', 'B-2', 'H-1', 'X-1']);
    expect(store.stored.get('X-1')).toBe('X-1:old');
  });

  it('fails the whole group on an outage: nothing of it is stored', async () => {
    const store = fakeStore();
    const sut = new GroupCommit(store.commit, () => undefined);
    const release = store.hold();
    const head = sut.submit([ev('H-1')], 1);
    const group = [sut.submit([ev('A-1')], 2), sut.submit([ev('B-1')], 3)];
    release();
    await head;
    store.failNextWith(new DatabaseUnavailableError(new Error('gone')));
    const settled = await Promise.allSettled(group);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(store.stored.has('A-1') || store.stored.has('B-1')).toBe(false);
  });

  it('bounds a group by events, and leaves out a member already answered 503', async () => {
    const store = fakeStore();
    const sut = new GroupCommit(store.commit, () => undefined, 3);
    const release = store.hold();
    const head = sut.submit([ev('H-1')], 1);
    const expired = new RequestContext('POST /api/events');
    const late = runInRequest(expired, () => sut.submit([ev('Z-1')], 2));
    expired.expire(new Error('timeout'));
    const others = [sut.submit([ev('A-1'), ev('A-2')], 3), sut.submit([ev('B-1'), ev('B-2')], 4)];
    release();
    await head;
    await expect(late).rejects.toThrow(/did not answer/);
    await Promise.all(others);
    expect(store.transactions).toEqual([['H-1'], ['A-1', 'A-2'], ['B-1', 'B-2']]);
    expect(store.stored.has('Z-1')).toBe(false);
  });
});
