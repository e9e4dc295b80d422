import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { feedItem, patch, snapshot, stats } from '../testing/fixtures';
import { useLiveStore, type LiveStore } from '../stores/live';
import {
  createLiveClient,
  RECONNECT_DELAY_MAX_MS,
  RESYNC_RETRY_MS,
  type LiveClient,
  type LiveSocket,
} from './liveClient';

type Handler = (...args: unknown[]) => void;

/** Just enough of a Socket.IO client socket: records what the client sends. */
class FakeSocket {
  connected = false;
  active = false;
  sent: [string, unknown][] = [];
  connectCalls = 0;
  private handlers = new Map<string, Set<Handler>>();

  on(event: string, handler: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(handler);
    return this;
  }
  off(event: string, handler: Handler): this {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  emit(event: string, payload: unknown): this {
    this.sent.push([event, payload]);
    return this;
  }
  connect(): this {
    this.connectCalls++;
    this.active = true;
    return this;
  }
  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }
  listenerCount(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  /** The server side: deliver an event to the client. */
  receive(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
  sentOf(event: string): unknown[] {
    return this.sent.filter(([e]) => e === event).map(([, p]) => p);
  }
}

const room = { scope: '410100', period: 'day' as const };
const KEY = '410100|day|';

describe('createLiveClient', () => {
  let socket: FakeSocket;
  let store: LiveStore;
  let clock: number;
  let sut: LiveClient;

  const data = (key = KEY) => store.room(key)?.data ?? null;

  beforeEach(() => {
    setActivePinia(createPinia());
    store = useLiveStore();
    socket = new FakeSocket();
    clock = 1_000_000;
    sut = createLiveClient({
      subscriptions: [room],
      sink: store,
      socket: socket as unknown as LiveSocket,
      now: () => clock,
    });
  });

  afterEach(() => {
    sut.close();
    vi.useRealTimers();
  });

  it('connects and subscribes to its room on connect', () => {
    expect(socket.connectCalls).toBe(1);
    expect(store.connection).toBe('connecting');

    socket.receive('connect');

    expect(store.connection).toBe('connected');
    expect(socket.sentOf('subscribe')).toEqual([room]);
  });

  it('fills the store from the snapshot and in-order patches', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10, stats: stats({ reported: 5 }) }));
    socket.receive('patch', patch(11, { stats: stats({ reported: 6 }), feed: [feedItem(77)] }));

    expect(data()?.seq).toBe(11);
    expect(data()?.stats.reported).toBe(6);
    expect(data()?.feed[0].caseId).toBe(feedItem(77).caseId);
    expect(store.room(KEY)?.lastUpdate).toBe(clock);
  });

  it('asks for one resync on a gap, keeps the state, and takes the fresh snapshot', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10, stats: stats({ reported: 5 }) }));

    socket.receive('patch', patch(12, { stats: stats({ reported: 99 }) }));
    socket.receive('patch', patch(13, { stats: stats({ reported: 100 }) }));

    expect(socket.sentOf('resync')).toEqual([room]);
    expect(data()?.seq).toBe(10);
    expect(data()?.stats.reported).toBe(5);

    socket.receive('snapshot', snapshot({ seq: 13, stats: stats({ reported: 100 }) }));
    socket.receive('patch', patch(14, { stats: stats({ reported: 101 }) }));

    expect(data()?.stats.reported).toBe(101);
    expect(socket.sentOf('resync')).toHaveLength(1);
  });

  it('asks again when a resync goes unanswered for too long', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10 }));
    socket.receive('patch', patch(12));

    clock += RESYNC_RETRY_MS;
    socket.receive('patch', patch(13));

    expect(socket.sentOf('resync')).toHaveLength(2);
  });

  it('ignores messages of rooms it does not follow', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10 }));

    socket.receive('snapshot', snapshot({ seq: 1, scope: '410102' }));
    socket.receive('patch', { ...patch(2), period: 'week' });

    expect(data()?.seq).toBe(10);
    expect(socket.sentOf('resync')).toEqual([]);
  });

  it('shows the outage and subscribes every room again after a reconnect', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10 }));

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

  it('keeps the last error the server sent', () => {
    socket.receive('live-error', { statusCode: 400, message: 'scope 999 unknown' });

    expect(store.lastError?.message).toBe('scope 999 unknown');
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
    const township = { scope: '410100', period: 'day' as const, tier: 'township' as const };
    const TOWNSHIP = '410100|day|township';

    it('routes each room its own messages by tier, the default tier learnt from the scope level', () => {
      socket.receive('connect');
      sut.retain(township);

      socket.receive('snapshot', snapshot({ seq: 3, tier: 'township', stats: stats({ reported: 2 }) }));
      socket.receive('snapshot', snapshot({ seq: 7, tier: 'district', stats: stats({ reported: 1 }) }));
      socket.receive('patch', patch(8, { stats: stats({ reported: 10 }) }));

      expect(data(TOWNSHIP)?.seq).toBe(3);
      expect(data(TOWNSHIP)?.stats.reported).toBe(2);
      expect(data()?.seq).toBe(8);
      expect(data()?.stats.reported).toBe(10);
    });

    it('subscribes a room once however often it is retained, and leaves it on the last release', () => {
      socket.receive('connect');
      socket.receive('snapshot', snapshot({ seq: 1, tier: 'district' }));
      const first = sut.retain(township);
      const second = sut.retain(township);

      first();
      expect(socket.sentOf('unsubscribe')).toEqual([]);
      second();
      second();

      expect(socket.sentOf('subscribe')).toEqual([room, township]);
      expect(socket.sentOf('unsubscribe')).toEqual([township]);
      expect(store.room(TOWNSHIP)).toBeUndefined();
    });

    it('keeps the server room when another subscription shares it', () => {
      socket.receive('connect');
      socket.receive('snapshot', snapshot({ seq: 1, tier: 'district' }));
      const release = sut.retain({ ...room, tier: 'district' });

      release();

      expect(socket.sentOf('unsubscribe')).toEqual([]);
    });
  });

  describe('resyncAll', () => {
    it('asks every room for a fresh snapshot', () => {
      socket.receive('connect');
      sut.retain({ scope: '410100', period: 'week' });

      sut.resyncAll();

      expect(socket.sentOf('resync')).toEqual([room, { scope: '410100', period: 'week' }]);
    });
  });
});
