import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import type { LiveClient } from './liveClient';
import { requestKey as key } from './liveStore';
import { useRooms } from './useRoom';

/** Records retains and releases by room key. */
function fakeClient(): { client: Pick<LiveClient, 'retain'>; held: Map<string, number>; log: string[] } {
  const held = new Map<string, number>();
  const log: string[] = [];
  const client = {
    retain(request: SubscribeRequest) {
      const k = key(request);
      held.set(k, (held.get(k) ?? 0) + 1);
      log.push(`+${k}`);
      return () => {
        held.set(k, (held.get(k) ?? 0) - 1);
        if (held.get(k) === 0) held.delete(k);
        log.push(`-${k}`);
      };
    },
  };
  return { client, held, log };
}

const day = { scope: '410100', period: 'day' as const };
const week = { scope: '410100', period: 'week' as const };
const village = { scope: '410100', period: 'week' as const, tier: 'village' as const };

describe('useRooms', () => {
  it('retains rooms entering the set before releasing those leaving it', async () => {
    const { client, held, log } = fakeClient();
    const rooms = ref<SubscribeRequest[]>([day, week]);
    const scope = effectScope();
    scope.run(() => useRooms(rooms, client));

    rooms.value = [week, village];
    await nextTick();

    expect([...held.keys()].sort()).toEqual([key(week), key(village)].sort());
    expect(log).toEqual([`+${key(day)}`, `+${key(week)}`, `+${key(village)}`, `-${key(day)}`]);
    scope.stop();
  });

  it('releases every room when its scope ends, whatever a rotation left', async () => {
    const { client, held } = fakeClient();
    const rooms = ref<SubscribeRequest[]>([day]);
    const scope = effectScope();
    scope.run(() => useRooms(rooms, client));
    for (let i = 0; i < 50; i++) {
      rooms.value = i % 2 ? [day, village] : [day, week];
      await nextTick();
    }

    scope.stop();

    expect(held.size).toBe(0);
  });
});
