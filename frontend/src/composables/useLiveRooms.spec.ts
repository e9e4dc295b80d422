import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import type { LiveClient } from '../services/liveClient';
import { roomKey } from '../stores/liveMerge';
import { useLiveRooms } from './useLiveRooms';

/** Records retains and releases by room key. */
function fakeClient(): { client: Pick<LiveClient, 'retain'>; held: Map<string, number>; log: string[] } {
  const held = new Map<string, number>();
  const log: string[] = [];
  const client = {
    retain(request: SubscribeRequest) {
      const key = roomKey(request);
      held.set(key, (held.get(key) ?? 0) + 1);
      log.push(`+${key}`);
      return () => {
        held.set(key, (held.get(key) ?? 0) - 1);
        if (held.get(key) === 0) held.delete(key);
        log.push(`-${key}`);
      };
    },
    resyncAll: () => undefined,
    reconnect: () => undefined,
    close: () => undefined,
  };
  return { client, held, log };
}

const day = { scope: '410100', period: 'day' as const };
const week = { scope: '410100', period: 'week' as const };
const village = { scope: '410100', period: 'week' as const, tier: 'village' as const };

describe('useLiveRooms', () => {
  it('retains rooms entering the set before releasing those leaving it', async () => {
    const { client, held, log } = fakeClient();
    const rooms = ref<SubscribeRequest[]>([day, week]);
    const scope = effectScope();
    scope.run(() => useLiveRooms(client, rooms));

    rooms.value = [week, village];
    await nextTick();

    expect([...held.keys()].sort()).toEqual(['410100|week|', '410100|week|village']);
    expect(log).toEqual(['+410100|day|', '+410100|week|', '+410100|week|village', '-410100|day|']);
    scope.stop();
  });

  it('releases every room when its scope ends, whatever a rotation left', async () => {
    const { client, held } = fakeClient();
    const rooms = ref<SubscribeRequest[]>([day]);
    const scope = effectScope();
    scope.run(() => useLiveRooms(client, rooms));
    for (let i = 0; i < 50; i++) {
      rooms.value = i % 2 ? [day, village] : [day, week];
      await nextTick();
    }

    scope.stop();

    expect(held.size).toBe(0);
  });
});
