import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { CaseDetail, Presentation } from '@gridwall/shared';
import { FakeSocket } from '../testing/fakeSocket';
import { createLiveClient, type LiveClient } from './liveClient';
import { useLiveStore } from './liveStore';
import { useCaseDetail } from './useCaseDetail';
import { usePresentation } from './usePresentation';

const caseTarget = { kind: 'case', caseId: 'C1' } as const;
const detailOf = (caseId: string, title = 't') => ({ caseId, title }) as CaseDetail;

describe('following over the live client', () => {
  let socket: FakeSocket;
  let client: LiveClient;

  beforeEach(() => {
    setActivePinia(createPinia());
    socket = new FakeSocket();
    client = createLiveClient({ sink: useLiveStore(), socket: socket.socket });
    socket.receive('connect');
  });
  afterEach(() => client.close());

  describe('usePresentation', () => {
    it('watches the channel, again after a reconnect, and follows only that channel', () => {
      const scope = effectScope();
      const presentation = scope.run(() => usePresentation('联席会议室', client))!;
      expect(socket.sentOf('watch')).toEqual([{ channel: '联席会议室' }]);
      socket.answer('watch', { channel: '联席会议室', target: null } satisfies Presentation);
      expect(presentation.value).toBeNull();

      socket.receive('presenting', { channel: '别的会议室', target: caseTarget } satisfies Presentation);
      expect(presentation.value).toBeNull();
      socket.receive('presenting', { channel: '联席会议室', target: caseTarget } satisfies Presentation);
      expect(presentation.value?.target).toEqual(caseTarget);

      socket.receive('connect');
      expect(socket.sentOf('watch')).toHaveLength(2);
      scope.stop();
    });

    it('shows what the presenter put on the channel as soon as the server acknowledges it', async () => {
      const scope = effectScope();
      const presentation = scope.run(() => usePresentation('联席会议室', client))!;

      const refusal = client.present('联席会议室', caseTarget);
      socket.answer('present', { channel: '联席会议室', target: caseTarget, presenter: 'leader' });

      expect(await refusal).toBeNull();
      expect(presentation.value?.presenter).toBe('leader');
      expect(socket.sentOf('present')).toEqual([{ channel: '联席会议室', target: caseTarget }]);
      scope.stop();
    });

    it('resolves with the refusal of a presentation', async () => {
      const refusal = client.present('联席会议室', null);
      socket.refuse('present', { statusCode: 403, message: 'forbidden' });

      expect((await refusal)?.statusCode).toBe(403);
    });
  });

  describe('useCaseDetail', () => {
    it('takes the answer and later pushes of its case, switches cleanly and leaves on dispose', async () => {
      const caseId = ref<string | null>('C1');
      const scope = effectScope();
      const { detail } = scope.run(() => useCaseDetail(caseId, client))!;
      expect(socket.sentOf('case-subscribe')).toEqual([{ caseId: 'C1' }]);

      socket.answer('case-subscribe', detailOf('C1', 'first'));
      expect(detail.value?.title).toBe('first');
      socket.receive('case', detailOf('other'));
      socket.receive('case', detailOf('C1', 'changed'));
      expect(detail.value?.title).toBe('changed');

      caseId.value = 'C2';
      await nextTick();
      expect(socket.sentOf('case-unsubscribe')).toEqual([{ caseId: 'C1' }]);
      expect(socket.sentOf('case-subscribe').at(-1)).toEqual({ caseId: 'C2' });
      expect(detail.value).toBeNull();

      socket.receive('connect');
      expect(socket.sentOf('case-subscribe').at(-1)).toEqual({ caseId: 'C2' });

      scope.stop();
      expect(socket.sentOf('case-unsubscribe').at(-1)).toEqual({ caseId: 'C2' });
    });

    it('shows the refusal of its own request only', () => {
      const scope = effectScope();
      const { detail, error } = scope.run(() => useCaseDetail('C1', client))!;

      socket.receive('live-error', { statusCode: 400, message: 'someone else' });
      expect(error.value).toBeNull();
      socket.refuse('case-subscribe', { statusCode: 403, message: 'outside your district' });

      expect(error.value?.statusCode).toBe(403);
      expect(detail.value).toBeNull();
      scope.stop();
    });
  });

  it('leaves no listener on the socket after close', () => {
    const scope = effectScope();
    scope.run(() => {
      usePresentation('联席会议室', client);
      useCaseDetail('C1', client);
    });
    scope.stop();
    client.close();

    expect(socket.listenerCount()).toBe(0);
  });
});
