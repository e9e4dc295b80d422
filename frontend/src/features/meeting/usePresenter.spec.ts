import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { LiveError, PresentTarget } from '@gridwall/shared';
import type { LiveClient } from '../../live/liveClient';
import { usePresenter } from './usePresenter';

/** A client that records presentations and refuses them with `refusal`. */
function fakeClient(refusal: LiveError | null = null) {
  const presented: [string, PresentTarget | null][] = [];
  const watched: string[] = [];
  const client: Pick<LiveClient, 'present' | 'watchChannel'> = {
    present: async (channel, target) => {
      presented.push([channel, target]);
      return refusal;
    },
    watchChannel: (channel) => {
      watched.push(channel);
      return () => undefined;
    },
  };
  return { client, presented, watched };
}

describe('usePresenter', () => {
  it('presents the unit on show over the period on show in the meeting room typed', async () => {
    const { client, presented, watched } = fakeClient();
    const unit = ref({ code: '410102' });
    const scope = effectScope();
    const sut = scope.run(() => usePresenter(unit, 'week', (c) => c, client))!;

    sut.presentUnit();
    sut.channelInput.value = ' 二号会议室 ';
    await nextTick();
    sut.presentCase('C1');
    sut.stop();

    expect(watched).toEqual(['联席会议室', '二号会议室']);
    expect(presented).toEqual([
      ['联席会议室', { kind: 'unit', code: '410102', period: 'week' }],
      ['二号会议室', { kind: 'case', caseId: 'C1' }],
      ['二号会议室', null],
    ]);
    scope.stop();
  });

  it('sends nothing to a meeting room name the server would refuse, and shows a refusal', async () => {
    const { client, presented } = fakeClient({ statusCode: 403, message: 'forbidden' });
    const scope = effectScope();
    const sut = scope.run(() => usePresenter(null, 'day', (c) => c, client))!;

    sut.presentCase('C1');
    await Promise.resolve();
    expect(sut.error.value).toBe('forbidden');

    sut.channelInput.value = 'bad name!';
    sut.presentCase('C1');
    expect(presented).toHaveLength(1);
    scope.stop();
  });
});
