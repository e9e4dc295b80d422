import { AsyncLocalStorage } from 'node:async_hooks';

/** Something a request holds open on the database (a pooled connection). */
export interface Destroyable {
  destroy(): void;
}

/**
 * One HTTP request or socket request while it runs, as seen by the database layer
 * (database/mysql-watchdog.ts): when the database stops answering, a request that has waited
 * {@link RequestContext.waitMs} is answered 503 ({@link RequestContext.expire}) and every later
 * database operation of it is refused, so work queued behind it can no longer store anything.
 */
export class RequestContext {
  readonly startedAt = Date.now();
  /** Answered 503 because the database did not answer in time. */
  expired = false;
  /** Answered (or abandoned by the client). */
  done = false;
  /** Connections the request holds now; destroyed on expiry, so an open transaction rolls back. */
  readonly connections = new Set<Destroyable>();
  /** The database this request's app uses (unset: whichever stops answering). */
  database: unknown;
  private readonly onExpire: ((reason: Error) => void)[] = [];

  constructor(
    /** What the request is (for logs): `POST /api/events`, `socket case-subscribe`. */
    readonly label: string,
  ) {}

  /** Runs `fn` with the reason once the request expires. */
  whenExpired(fn: (reason: Error) => void): void {
    this.onExpire.push(fn);
  }

  /** Answers the request 503 (through its `whenExpired` callbacks) and cuts its connections. */
  expire(reason: Error): void {
    if (this.expired || this.done) return;
    this.expired = true;
    for (const c of [...this.connections]) c.destroy();
    this.connections.clear();
    for (const fn of this.onExpire.splice(0)) fn(reason);
  }
}

const storage = new AsyncLocalStorage<RequestContext>();
const inFlight = new Set<RequestContext>();

/** The request the current async call chain serves, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and every async continuation of it) as `ctx`, registered until {@link finishRequest}. */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  inFlight.add(ctx);
  return storage.run(ctx, fn);
}

/** The request is answered: it no longer counts as waiting. */
export function finishRequest(ctx: RequestContext): void {
  ctx.done = true;
  inFlight.delete(ctx);
}

/** Requests running now (the database watchdog expires those that waited too long). */
export function requestsInFlight(): ReadonlySet<RequestContext> {
  return inFlight;
}
