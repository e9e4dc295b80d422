import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { CaseDetail, Presentation } from '@gridwall/shared';
import type { LiveSocket } from '../services/liveClient';
import { useCaseDetail } from './useCaseDetail';
import { usePresentation } from './usePresentation';

/** A socket double: records emits, lets a test deliver server events and (re)connect. */
function fakeSocket() {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const sent: [string, unknown][] = [];
  const socket = {
    connected: true,
    on(event: string, fn: (...args: unknown[]) => void) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(fn);
      return socket;
    },
    off(event: string, fn: (...args: unknown[]) => void) {
      handlers.get(event)?.delete(fn);
      return socket;
    },
    emit(event: string, payload: unknown) {
      sent.push([event, payload]);
      return socket;
    },
  };
  const deliver = (event: string, payload?: unknown): void => {
    for (const fn of handlers.get(event) ?? []) fn(payload);
  };
  const listeners = (): number => [...handlers.values()].reduce((n, s) => n + s.size, 0);
  return { socket: socket as unknown as LiveSocket, sent, deliver, listeners };
}

const caseTarget = { kind: 'case', caseId: 'C1' } as const;

describe('usePresentation', () => {
  it('watches the channel, again after a reconnect, and follows only that channel', () => {
    const sut = fakeSocket();
    const scope = effectScope();
    const presentation = scope.run(() => usePresentation(sut.socket, '联席会议室'))!;
    expect(sut.sent).toEqual([['watch', { channel: '联席会议室' }]]);

    sut.deliver('presenting', { channel: '别的会议室', target: caseTarget } satisfies Presentation);
    expect(presentation.value).toBeNull();
    sut.deliver('presenting', { channel: '联席会议室', target: caseTarget } satisfies Presentation);
    expect(presentation.value?.target).toEqual(caseTarget);
    sut.deliver('presenting', { channel: '联席会议室', target: null } satisfies Presentation);
    expect(presentation.value).toBeNull();

    sut.deliver('connect');
    expect(sut.sent.at(-1)).toEqual(['watch', { channel: '联席会议室' }]);

    scope.stop();
    expect(sut.listeners()).toBe(0);
  });
});

describe('useCaseDetail', () => {
  it('subscribes to the case, switches cases cleanly and unsubscribes on dispose', async () => {
    const sut = fakeSocket();
    const caseId = ref<string | null>('C1');
    const scope = effectScope();
    const { detail } = scope.run(() => useCaseDetail(sut.socket, caseId))!;
    expect(sut.sent).toEqual([['case-subscribe', { caseId: 'C1' }]]);

    sut.deliver('case', { caseId: 'other' } as CaseDetail);
    expect(detail.value).toBeNull();
    sut.deliver('case', { caseId: 'C1', title: 't' } as CaseDetail);
    expect(detail.value?.title).toBe('t');

    caseId.value = 'C2';
    await nextTick();
    expect(sut.sent.slice(-2)).toEqual([
      ['case-unsubscribe', { caseId: 'C1' }],
      ['case-subscribe', { caseId: 'C2' }],
    ]);
    expect(detail.value).toBeNull();

    sut.deliver('connect');
    expect(sut.sent.at(-1)).toEqual(['case-subscribe', { caseId: 'C2' }]);

    scope.stop();
    expect(sut.sent.at(-1)).toEqual(['case-unsubscribe', { caseId: 'C2' }]);
    expect(sut.listeners()).toBe(0);
  });
});
