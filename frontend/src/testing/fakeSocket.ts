/**
 * A Socket.IO client socket double for unit tests of the live client: records what is sent,
 * holds each request's acknowledgement until the test answers it, and lets the test deliver
 * server events. Only spec files import this module.
 */
import type { Ack, LiveError } from '@gridwall/shared';
import type { LiveSocket } from '../live/liveSocket';

type Handler = (...args: unknown[]) => void;
type AckHandler = (err: Error | null, answer?: unknown) => void;

/** Just enough of a Socket.IO client socket. */
export class FakeSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  /** Every event sent, in order. */
  sent: [string, unknown][] = [];
  private handlers = new Map<string, Set<Handler>>();
  private pending: { event: string; payload: unknown; ack: AckHandler }[] = [];

  /** This double as the typed socket the live client takes. */
  get socket(): LiveSocket {
    return this as unknown as LiveSocket;
  }

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
  timeout(_ms: number): { emit(event: string, payload: unknown, ack: AckHandler): void } {
    return {
      emit: (event, payload, ack) => {
        this.sent.push([event, payload]);
        this.pending.push({ event, payload, ack });
      },
    };
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
  /** Payloads sent as `event`. */
  sentOf(event: string): unknown[] {
    return this.sent.filter(([e]) => e === event).map(([, p]) => p);
  }
  /** How many requests of `event` wait for their acknowledgement. */
  unanswered(event: string): number {
    return this.pending.filter((p) => p.event === event).length;
  }

  /** Acknowledges the oldest unanswered `event` with `answer` (or `data(payload)`). */
  answer<T>(event: string, data: T | ((payload: never) => T)): void {
    this.settle(event, (payload) => ({
      ok: true,
      data: typeof data === 'function' ? (data as (p: unknown) => T)(payload) : data,
    }));
  }
  /** Acknowledges the oldest unanswered `event` with a refusal. */
  refuse(event: string, error: LiveError): void {
    this.settle(event, () => ({ ok: false, error }));
  }
  /** Lets the oldest unanswered `event` time out. */
  drop(event: string): void {
    const at = this.pending.findIndex((p) => p.event === event);
    if (at < 0) throw new Error(`no unanswered ${event}`);
    const [request] = this.pending.splice(at, 1);
    request.ack(new Error('operation has timed out'));
  }

  private settle(event: string, answer: (payload: unknown) => Ack<unknown>): void {
    const at = this.pending.findIndex((p) => p.event === event);
    if (at < 0) throw new Error(`no unanswered ${event}`);
    const [request] = this.pending.splice(at, 1);
    request.ack(null, answer(request.payload));
  }
}
