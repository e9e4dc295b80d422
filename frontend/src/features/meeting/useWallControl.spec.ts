import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { Ack, Presentation, WallControl, WallControlRequest } from '@gridwall/shared';
import type { FollowListener, LiveClient } from '../../live/liveClient';
import { useWallControl } from './useWallControl';

const control = (over: Partial<WallControl>): WallControl => ({
  paused: false,
  pinned: null,
  hideInsufficient: false,
  stepSeq: 0,
  stepBy: 0,
  by: '张主任',
  at: '2026-11-25T15:00:00.000+08:00',
  ...over,
});

function fakes(answer: (r: WallControlRequest) => Ack<Presentation> | null) {
  const listeners = new Map<string, FollowListener<Presentation>>();
  const released: string[] = [];
  const sent: WallControlRequest[] = [];
  const client: Pick<LiveClient, 'watchChannel'> = {
    watchChannel: (channel, listener) => {
      listeners.set(channel, listener);
      return () => released.push(channel);
    },
  };
  const sender = async (r: WallControlRequest) => {
    sent.push(r);
    return answer(r);
  };
  return { client, sender, listeners, released, sent };
}

describe('useWallControl', () => {
  it('shows the control the channel pushes and the answer to its own commands', async () => {
    const f = fakes((r) => ({
      ok: true,
      data: { channel: r.channel, target: null, control: control({ paused: !!r.paused }) },
    }));
    const channel = ref('联席会议室');
    const scope = effectScope();
    const sut = scope.run(() => useWallControl(channel, 'token', f.sender, f.client))!;
    expect(sut.control.value).toBeNull();
    f.listeners.get('联席会议室')!.next({ channel: '联席会议室', target: null, control: control({ pinned: 'map' }) });
    expect(sut.control.value?.pinned).toBe('map');

    await sut.send({ paused: true });
    expect(f.sent).toEqual([{ channel: '联席会议室', paused: true }]);
    expect(sut.control.value?.paused).toBe(true);
    expect(sut.error.value).toBe('');

    // Another room: the old one is released and nothing of it is shown.
    channel.value = '二号会议室';
    await nextTick();
    expect(f.released).toEqual(['联席会议室']);
    expect(sut.control.value).toBeNull();
    scope.stop();
    expect(f.released).toEqual(['联席会议室', '二号会议室']);
  });

  it('keeps the control shown when a command is refused, and sends nothing without a channel', async () => {
    const f = fakes(() => ({ ok: false, error: { statusCode: 403, message: 'forbidden' } }));
    const channel = ref('联席会议室');
    const scope = effectScope();
    const sut = scope.run(() => useWallControl(channel, 'token', f.sender, f.client))!;
    f.listeners.get('联席会议室')!.next({ channel: '联席会议室', target: null, control: control({ paused: true }) });
    await sut.send({ reset: true });
    expect(sut.error.value).toBe('无权控制大屏');
    expect(sut.control.value?.paused).toBe(true);
    channel.value = '';
    await nextTick();
    await sut.send({ step: 1 });
    expect(f.sent).toHaveLength(1);
    scope.stop();
  });
});
