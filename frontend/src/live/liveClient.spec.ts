import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { roomIdOf, type SubscribeRequest } from '@gridwall/shared';
import { FakeSocket } from '../testing/fakeSocket';
import { feedItem, patch, snapshot, stats } from '../testing/fixtures';
import { createLiveClient, RECONNECT_DELAY_MAX_MS, RESYNC_RETRY_MS, type LiveClient } from './liveClient';
import { useLiveStore, type LiveStore } from './liveStore';

const room = { scope: '410100', period: 'day' as const };
/** The room the server resolves `room` to (the city's child tier). */
const DISTRICTS = roomIdOf('410100', 'day', 'district');
const township = { scope: '410100', period: 'day' as const, tier: 'township' as const };
const TOWNSHIPS = roomIdOf('410100', 'day', 'township');

describe('createLiveClient', () => {
  let socket: FakeSocket;
  let store: LiveStore;
  let clock: number;
  let sut: LiveClient;

  const data = (request: SubscribeRequest = room) => store.room(request)?.data ?? null;
  /** Connects and answers the start-up subscription with a snapshot at `seq`. */
  const connectAt = (seq: number): void => {
    socket.receive('connect');
    socket.answer('subscribe', snapshot({ seq, stats: stats({ reported: 5 }) }));
  };

  beforeEach(() => {
    setActivePinia(createPinia());
    store = useLiveStore();
    socket = new FakeSocket();
    clock = 1_000_000;
    sut = createLiveClient({ subscriptions: [room], sink: store, socket: socket.socket, now: () => clock });
  });

  afterEach(() => {
    sut.close();
    vi.useRealTimers();
  });

  it('connects and subscribes to its room on connect, without naming a tier', () => {
    expect(socket.connectCalls).toBe(1);
    expect(store.connection).toBe('connecting');

    socket.receive('connect');

    expect(store.connection).toBe('connected');
    expect(socket.sentOf('subscribe')).toEqual([room]);
  });

  it('fills the store from the acknowledged snapshot and the in-order patches of its room', () => {
    connectAt(10);
    socket.receive('patch', patch(11, { stats: stats({ reported: 6 }), feed: [feedItem(77)] }));

    expect(data()?.seq).toBe(11);
    expect(data()?.stats.reported).toBe(6);
    expect(data()?.feed[0].caseId).toBe(feedItem(77).caseId);
    expect(store.room(room)?.lastUpdate).toBe(clock);
  });

  it('asks for one resync on a gap, keeps the state, and takes the snapshot of the answer', () => {
    connectAt(10);

    socket.receive('patch', patch(12, { stats: stats({ reported: 99 }) }));
    socket.receive('patch', patch(13, { stats: stats({ reported: 100 }) }));

    expect(socket.sentOf('resync')).toEqual([room]);
    expect(data()?.seq).toBe(10);
    expect(data()?.stats.reported).toBe(5);

    socket.answer('resync', snapshot({ seq: 13, stats: stats({ reported: 100 }) }));
    socket.receive('patch', patch(14, { stats: stats({ reported: 101 }) }));

    expect(data()?.stats.reported).toBe(101);
    expect(socket.sentOf('resync')).toHaveLength(1);
  });

  it('asks again when a resync goes unanswered for too long', () => {
    connectAt(10);
    socket.receive('patch', patch(12));
    socket.drop('resync');

    clock += RESYNC_RETRY_MS;
    socket.receive('patch', patch(13));

    expect(socket.sentOf('resync')).toHaveLength(2);
  });

  it('ignores patches of other rooms, and patches before its room is known', () => {
    socket.receive('connect');
    socket.receive('patch', patch(11));
    socket.answer('subscribe', snapshot({ seq: 10 }));

    socket.receive('patch', patch(11, { room: roomIdOf('410102', 'day', 'township') }));
    socket.receive('patch', patch(11, { room: roomIdOf('410100', 'week', 'district') }));

    expect(data()?.seq).toBe(10);
    expect(socket.sentOf('resync')).toEqual([]);
  });

  it('shows the outage and subscribes every room again after a reconnect', () => {
    connectAt(10);

    socket.receive('disconnect', 'transport close');
    expect(store.connection).toBe('reconnecting');

    socket.receive('connect');
    expect(store.connection).toBe('connected');
    expect(socket.sentOf('subscribe')).toEqual([room, room]);
  });

  it('comes back by itself after the server drops the socket', () => {
    vi.useFakeTimers();
    socket.receive('connect');
    socket.active = false;
    socket.receive('disconnect', 'io server disconnect');

    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS);

    expect(socket.connectCalls).toBe(2);
  });

  it('tells a refused screen token from a network failure', () => {
    socket.receive('connect_error', new Error('401: a valid token is required'));

    expect(store.connection).toBe('reconnecting');
    expect(store.lastError).toEqual({ statusCode: 401, message: '401: a valid token is required' });
  });

  it('keeps the refusal of its subscription, and errors the server sends on its own', () => {
    socket.receive('connect');
    socket.refuse('subscribe', { statusCode: 400, message: 'scope 999 unknown' });
    expect(store.lastError?.message).toBe('scope 999 unknown');

    socket.receive('live-error', { statusCode: 401, message: 'credential ended' });
    expect(store.lastError?.statusCode).toBe(401);
  });

  it("replays a moment: sends its `at`, takes the one snapshot, and never takes the live room's patches", () => {
    const at = '2026-11-24T09:00:00+08:00';
    const replay = { ...room, at };
    connectAt(10);
    const release = sut.retain(replay);

    expect(socket.sentOf('subscribe')).toEqual([room, replay]);
    socket.answer('subscribe', snapshot({ seq: 0, stats: stats({ reported: 3 }), replayAt: at }));
    socket.receive('patch', patch(11, { stats: stats({ reported: 99 }) }));
    sut.resyncAll();

    expect(data(replay)?.stats.reported).toBe(3);
    expect(data(replay)?.replayAt).toBe(at);
    expect(data()?.stats.reported).toBe(99);
    expect(socket.sentOf('resync')).toEqual([room]);
    release();
    expect(socket.sentOf('unsubscribe')).toEqual([]);
  });

  it('removes its listeners and disconnects on close', () => {
    socket.receive('connect');

    sut.close();

    expect(socket.listenerCount()).toBe(0);
    expect(socket.connected).toBe(false);
    expect(store.connection).toBe('closed');
    expect(store.rooms.size).toBe(0);
  });

  describe('retain', () => {
    it('routes each subscription the patches of the room its answer named', () => {
      connectAt(7);
      sut.retain(township);
      socket.answer('subscribe', snapshot({ seq: 3, tier: 'township', stats: stats({ reported: 2 }) }));

      socket.receive('patch', patch(8, { room: DISTRICTS, stats: stats({ reported: 10 }) }));
      socket.receive('patch', patch(4, { room: TOWNSHIPS, stats: stats({ reported: 20 }) }));

      expect(data()?.stats.reported).toBe(10);
      expect(data(township)?.stats.reported).toBe(20);
    });

    it('subscribes a request once however often it is retained, and leaves on the last release', () => {
      connectAt(1);
      const first = sut.retain(township);
      const second = sut.retain(township);
      socket.answer('subscribe', snapshot({ seq: 1, tier: 'township' }));

      first();
      expect(socket.sentOf('unsubscribe')).toEqual([]);
      second();
      second();

      expect(socket.sentOf('subscribe')).toEqual([room, township]);
      expect(socket.sentOf('unsubscribe')).toEqual([township]);
      expect(store.room(township)).toBeUndefined();
    });

    it('keeps the server room while another subscription is in it', () => {
      connectAt(1);
      const explicit = { ...room, tier: 'district' as const };
      const release = sut.retain(explicit);
      socket.answer('subscribe', snapshot({ seq: 1 }));
      socket.receive('patch', patch(2));
      expect(data(explicit)?.seq).toBe(2);
      expect(data()?.seq).toBe(2);

      release();

      expect(socket.sentOf('unsubscribe')).toEqual([]);
    });

    it('drops the answer of a subscription released before it came', () => {
      connectAt(1);
      sut.retain(township)();

      socket.answer('subscribe', snapshot({ seq: 1, tier: 'township' }));

      expect(store.room(township)).toBeUndefined();
    });
  });

  describe('resyncAll', () => {
    it('asks every room for a fresh snapshot, and one that never answered to subscribe again', () => {
      connectAt(1);
      sut.retain({ scope: '410100', period: 'week' });
      socket.drop('subscribe');

      sut.resyncAll();

      expect(socket.sentOf('resync')).toEqual([room]);
      expect(socket.sentOf('subscribe')).toEqual([
        room,
        { scope: '410100', period: 'week' },
        { scope: '410100', period: 'week' },
      ]);
    });
  });
});
