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

describe('createLiveClient', () => {
  let socket: FakeSocket;
  let store: LiveStore;
  let clock: number;
  let sut: LiveClient;

  beforeEach(() => {
    setActivePinia(createPinia());
    store = useLiveStore();
    socket = new FakeSocket();
    clock = 1_000_000;
    sut = createLiveClient({
      subscription: room,
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

    expect(store.seq).toBe(11);
    expect(store.stats?.reported).toBe(6);
    expect(store.feed[0].caseId).toBe(feedItem(77).caseId);
    expect(store.lastUpdate).toBe(clock);
  });

  it('asks for one resync on a gap, keeps the state, and takes the fresh snapshot', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10, stats: stats({ reported: 5 }) }));

    socket.receive('patch', patch(12, { stats: stats({ reported: 99 }) }));
    socket.receive('patch', patch(13, { stats: stats({ reported: 100 }) }));

    expect(socket.sentOf('resync')).toEqual([room]);
    expect(store.seq).toBe(10);
    expect(store.stats?.reported).toBe(5);

    socket.receive('snapshot', snapshot({ seq: 13, stats: stats({ reported: 100 }) }));
    socket.receive('patch', patch(14, { stats: stats({ reported: 101 }) }));

    expect(store.stats?.reported).toBe(101);
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

  it('ignores messages of another room', () => {
    socket.receive('connect');
    socket.receive('snapshot', snapshot({ seq: 10 }));

    socket.receive('snapshot', snapshot({ seq: 1, scope: '410102' }));
    socket.receive('patch', { ...patch(2), period: 'week' });

    expect(store.seq).toBe(10);
    expect(socket.sentOf('resync')).toEqual([]);
  });

  it('shows the outage and subscribes again after a reconnect', () => {
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
  });
});
