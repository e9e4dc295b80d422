/**
 * Followers of one kind of keyed server push (a case by its id, a presenter channel by its
 * name): each listener of a key gets every value pushed for it. The key is asked for when its
 * first listener comes and again on every connect (the server forgets a dropped socket), and
 * released when its last listener goes. A listener that joins a followed key gets its latest
 * value at once. Nothing is held for a key nobody follows.
 */
import type { Ack, LiveError } from '@gridwall/shared';

/** One follower of a key. */
export interface FollowListener<T> {
  /** A value for the key: the answer to the request, or a later push. */
  next(value: T): void;
  /** The server refused the request for the key (403 outside one's district, 404 unknown …). */
  error?(error: LiveError): void;
}

/** How a kind of key is asked for and released on the socket. */
export interface FollowingOps<T> {
  /** Whether requests can be sent now. */
  connected(): boolean;
  /** Sends the request for `key`; `onAnswer` gets its acknowledgement (null: none came). */
  ask(key: string, onAnswer: (answer: Ack<T> | null) => void): void;
  /** Tells the server the key is no longer followed. */
  release?(key: string): void;
}

/** The followers of one kind of key. */
export interface Following<T> {
  /** Adds `listener` to `key`; returns its release function. */
  follow(key: string, listener: FollowListener<T>): () => void;
  /** Hands a pushed value to the listeners of `key`. */
  deliver(key: string, value: T): void;
  /** Asks for every followed key again (after a connect). */
  askAll(): void;
  /** Forgets every listener. */
  clear(): void;
}

/** Followers of keys asked for and released through `ops`. */
export function createFollowing<T>(ops: FollowingOps<T>): Following<T> {
  const listeners = new Map<string, Set<FollowListener<T>>>();
  const latest = new Map<string, T>();

  const deliver = (key: string, value: T): void => {
    if (!listeners.has(key)) return;
    latest.set(key, value);
    for (const listener of [...(listeners.get(key) ?? [])]) listener.next(value);
  };
  const ask = (key: string): void => {
    if (!ops.connected()) return;
    ops.ask(key, (answer) => {
      if (!answer) return; // Lost: asked again on the next connect.
      if (answer.ok) deliver(key, answer.data);
      else for (const listener of [...(listeners.get(key) ?? [])]) listener.error?.(answer.error);
    });
  };

  return {
    follow(key, listener) {
      let set = listeners.get(key);
      const first = !set;
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      if (first) ask(key);
      else if (latest.has(key)) listener.next(latest.get(key) as T);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const held = listeners.get(key);
        if (!held?.delete(listener) || held.size > 0) return;
        listeners.delete(key);
        latest.delete(key);
        if (ops.connected()) ops.release?.(key);
      };
    },
    deliver,
    askAll() {
      for (const key of listeners.keys()) ask(key);
    },
    clear() {
      listeners.clear();
      latest.clear();
    },
  };
}
