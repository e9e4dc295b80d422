import { Logger } from '@nestjs/common';
import * as mysql2 from 'mysql2';
import type { DataSource } from 'typeorm';
import { DATABASE_UNRESPONSIVE, DatabaseTimeoutError, isConnectionError } from '../common/db-errors';
import { currentRequest, requestsInFlight, type Destroyable, type RequestContext } from '../common/request-context';

/** Default of DATABASE_TIMEOUT_MS. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 2000;
/** How often the database is probed while it answers. */
const PROBE_INTERVAL_MS = 1000;
/** How often waiting requests are checked while it does not. */
const SWEEP_INTERVAL_MS = 100;

type Callback = (err: unknown, ...rest: unknown[]) => void;

/** The parts of a mysql2 pooled connection used here. */
interface PooledConnection {
  query: (...args: unknown[]) => unknown;
  release(): void;
  destroy(): void;
  stream?: { destroy?: () => void };
}

/** The parts of a mysql2 pool used here. */
interface Pool {
  getConnection(cb: (err: unknown, conn?: PooledConnection) => void): void;
  end(cb?: (err?: unknown) => void): unknown;
}

/** A request for a pool connection, not yet served. */
interface Acquisition extends Destroyable {
  since: number;
  fail(err: unknown): void;
}

/** What the metrics module is told (database/ knows nothing of Prometheus). */
export interface DatabaseObserver {
  /** A query ended (seconds; failed or not). */
  query?(seconds: number, failed: boolean, watchdog: DatabaseWatchdog): void;
  /** A probe answered (seconds), or got no answer in time (null). */
  probe?(seconds: number | null, watchdog: DatabaseWatchdog): void;
  /**
   * The database answers again after `watchdog` found it unresponsive. `commitsInDoubt`: commits
   * whose connection was cut while their answer was awaited (the server may have applied them).
   */
  recovered?(watchdog: DatabaseWatchdog, commitsInDoubt: number): void;
}

const observers = new Set<DatabaseObserver>();

/** Adds an observer of every watchdog in the process; returns its removal. */
export function observeDatabase(o: DatabaseObserver): () => void {
  observers.add(o);
  return () => observers.delete(o);
}

/** Options of the server's connection, without those only a pool takes. */
function probeOptions(options: Record<string, unknown>, timeoutMs: number): Record<string, unknown> {
  const {
    connectionLimit: _l,
    waitForConnections: _w,
    queueLimit: _q,
    maxIdle: _m,
    idleTimeout: _i,
    resetOnRelease: _r,
    ...rest
  } = options;
  return { ...rest, connectTimeout: timeoutMs };
}

function unresponsiveError(message: string): Error {
  return Object.assign(new Error(message), { code: DATABASE_UNRESPONSIVE, fatal: true });
}

/**
 * Watches a MySQL/MariaDB pool for a database that holds connections open and answers nothing
 * (a hung server, a stalled network, a full disk): mysql2 has no acquire timeout and no
 * per-query deadline for a pool, and a query without an answer waits for ever, holding its
 * connection and everything queued behind it.
 *
 * Every second it sends `SELECT 1` on a connection of its own (not the pool's, so a busy pool
 * is not mistaken for a dead server). With no answer within {@link timeoutMs} (or a connection
 * error), the database counts as unresponsive until a probe answers again, and while it does:
 *
 * - every request (HTTP or socket, {@link RequestContext}) that has waited `timeoutMs` is
 *   answered 503 with `Retry-After`, and every later database operation of it is refused, so
 *   work queued behind it (an ingest batch in the write queue) stores nothing;
 * - every connection with a query outstanding for `timeoutMs` is destroyed: the server rolls an
 *   open transaction back, and a late answer can never be taken for the answer to a later
 *   command (half a batch committed by the next user of the connection);
 * - new connections and queries are refused at once (error code {@link DATABASE_UNRESPONSIVE},
 *   a connection error: 503), instead of queueing on a server that does not answer.
 *
 * A commit the server received before it hung may still apply; the event-log follower then
 * brings it into the live state like another instance's commit, and the upstream's retry of the
 * batch is answered as duplicates.
 */
export class DatabaseWatchdog {
  private readonly logger = new Logger('Database');
  /** `up`, or `unresponsive` since {@link since}. */
  state: 'up' | 'unresponsive' = 'up';
  since = Date.now();
  /** Seconds the last answered probe took. */
  lastProbeSeconds: number | null = null;
  /** How long a probe or a request may wait for an answer; DATABASE_TIMEOUT_MS. */
  timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS;
  /** Pool connections handed out and not yet released. */
  readonly inUse = new Set<PooledConnection>();
  /** Requests for a pool connection not yet served. */
  readonly acquiring = new Set<Acquisition>();

  private readonly pending = new Map<PooledConnection, { since: number; sql: string; fail: (err: unknown) => void }>();
  /** Commits cut while their answer was awaited, since the database stopped answering. */
  private commitsInDoubt = 0;
  private readonly owners = new WeakMap<PooledConnection, RequestContext>();
  private readonly handles = new WeakMap<PooledConnection, Destroyable>();
  private readonly wrapped = new WeakSet<PooledConnection>();
  private probeConnection: mysql2.Connection | undefined;
  private probing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly driver: typeof mysql2,
    private readonly connectionOptions: Record<string, unknown>,
  ) {}

  /** Starts probing. */
  start(): void {
    this.timer = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops probing and closes the probe's connection (the pool ends). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.sweeper);
    this.probeConnection?.destroy();
    this.probeConnection = undefined;
  }

  /**
   * Probes now (or joins the probe under way): true when the database answered within
   * {@link timeoutMs}. Never waits longer than that.
   */
  check(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(this.state === 'up');
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probe(): Promise<boolean> {
    const started = performance.now();
    try {
      const reused = this.probeConnection !== undefined;
      try {
        await this.ping();
      } catch (err) {
        // A probe connection the server closed while idle is not a dead server: try a new one once.
        if (!reused || (err as { code?: string }).code === DATABASE_UNRESPONSIVE) throw err;
        await this.ping();
      }
      const seconds = (performance.now() - started) / 1000;
      this.lastProbeSeconds = seconds;
      for (const o of observers) o.probe?.(seconds, this);
      this.markUp();
      return true;
    } catch (err) {
      for (const o of observers) o.probe?.(null, this);
      this.markUnresponsive((err as Error).message);
      return false;
    }
  }

  private ping(): Promise<void> {
    return new Promise((resolve, reject) => {
      let conn = this.probeConnection;
      if (!conn) {
        conn = this.driver.createConnection(probeOptions(this.connectionOptions, this.timeoutMs));
        const created = conn;
        created.on('error', () => {
          if (this.probeConnection === created) this.probeConnection = undefined;
        });
        this.probeConnection = conn;
      }
      const used = conn;
      const drop = () => {
        if (this.probeConnection === used) this.probeConnection = undefined;
        used.destroy();
      };
      const timer = setTimeout(() => {
        drop();
        reject(unresponsiveError(`no answer to SELECT 1 within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      used.query('SELECT 1', (err: unknown) => {
        clearTimeout(timer);
        if (err) {
          drop();
          reject(err instanceof Error ? err : new Error(String(err)));
        } else resolve();
      });
    });
  }

  private markUp(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    if (this.state === 'up') return;
    const inDoubt = this.commitsInDoubt;
    this.commitsInDoubt = 0;
    this.logger.log(
      `the database answers again (after ${Math.round((Date.now() - this.since) / 1000)} s` +
        `${inDoubt ? `; ${inDoubt} commit(s) cut before their answer` : ''})`,
    );
    this.state = 'up';
    this.since = Date.now();
    for (const o of observers) o.recovered?.(this, inDoubt);
  }

  private markUnresponsive(reason: string): void {
    if (this.state === 'up') {
      this.logger.warn(
        `the database does not answer (${reason}): waiting requests answer 503, new queries are refused until it does`,
      );
      this.state = 'unresponsive';
      this.since = Date.now();
    }
    this.sweep();
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Answers the requests and cuts the connections that have waited {@link timeoutMs}. */
  private sweep(): void {
    if (this.state !== 'unresponsive') return;
    const now = Date.now();
    for (const ctx of requestsInFlight()) {
      if (ctx.done || (ctx.database !== undefined && ctx.database !== this)) continue;
      if (now - ctx.startedAt >= this.timeoutMs) ctx.expire(new DatabaseTimeoutError(now - ctx.startedAt));
    }
    for (const [conn, { since }] of this.pending) {
      if (now - since >= this.timeoutMs) this.kill(conn, unresponsiveError('the database did not answer this query'));
    }
    for (const a of [...this.acquiring]) {
      if (now - a.since >= this.timeoutMs) a.fail(unresponsiveError('no connection to the database'));
    }
  }

  /** Why an operation of `ctx` (or of background work) may not reach the database now, if so. */
  private refusal(ctx: RequestContext | undefined): Error | undefined {
    if (ctx?.expired) return unresponsiveError('this request was answered 503 already: the database did not answer');
    if (this.state === 'unresponsive')
      return unresponsiveError(`the database does not answer (no answer to a probe within ${this.timeoutMs} ms)`);
    return undefined;
  }

  /** Destroys a connection at once and fails the query it waits on. */
  private kill(conn: PooledConnection, err: unknown): void {
    const p = this.pending.get(conn);
    this.pending.delete(conn);
    if (p && /^\s*COMMIT\b/i.test(p.sql)) this.commitsInDoubt += 1;
    this.inUse.delete(conn);
    const owner = this.owners.get(conn);
    const handle = this.handles.get(conn);
    if (owner && handle) owner.connections.delete(handle);
    this.owners.delete(conn);
    conn.destroy();
    conn.stream?.destroy?.();
    p?.fail(err);
  }

  /** Wraps a mysql2 pool: acquisitions and queries go through the watchdog. */
  wrapPool(pool: Pool): void {
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (cb) => {
      const ctx = currentRequest();
      if (ctx && ctx.database === undefined) ctx.database = this;
      const refused = this.refusal(ctx);
      if (refused) {
        process.nextTick(() => cb(refused));
        return;
      }
      // Settled by the pool, or earlier by the sweep / the request's expiry (a new connection to a
      // hung server waits for connectTimeout): a connection that comes after that goes back.
      let settled = false;
      const acquisition: Acquisition = {
        since: Date.now(),
        fail: (e) => {
          if (settled) return;
          settled = true;
          this.acquiring.delete(acquisition);
          if (ctx) ctx.connections.delete(acquisition);
          cb(e);
        },
        destroy: () => acquisition.fail(unresponsiveError('the request was answered 503')),
      };
      this.acquiring.add(acquisition);
      if (ctx) ctx.connections.add(acquisition);
      getConnection((err, conn) => {
        if (settled) {
          conn?.release();
          return;
        }
        settled = true;
        this.acquiring.delete(acquisition);
        if (ctx) ctx.connections.delete(acquisition);
        if (err || !conn) {
          if (isConnectionError(err)) void this.check();
          cb(err);
          return;
        }
        const late = this.refusal(ctx);
        if (late) {
          conn.release();
          cb(late);
          return;
        }
        this.adopt(conn, ctx);
        cb(null, conn);
      });
    };
    const end = pool.end.bind(pool);
    pool.end = (cb) => {
      this.stop();
      return end(cb);
    };
  }

  private adopt(conn: PooledConnection, ctx: RequestContext | undefined): void {
    this.inUse.add(conn);
    if (ctx) {
      let handle = this.handles.get(conn);
      if (!handle) {
        handle = { destroy: () => this.kill(conn, unresponsiveError('the request was answered 503')) };
        this.handles.set(conn, handle);
      }
      this.owners.set(conn, ctx);
      ctx.connections.add(handle);
    }
    if (this.wrapped.has(conn)) return;
    this.wrapped.add(conn);
    const release = conn.release.bind(conn);
    conn.release = () => {
      this.inUse.delete(conn);
      const owner = this.owners.get(conn);
      const handle = this.handles.get(conn);
      if (owner && handle) owner.connections.delete(handle);
      this.owners.delete(conn);
      release();
    };
    const query = conn.query.bind(conn);
    conn.query = (...args: unknown[]) => {
      const at = args.findIndex((a) => typeof a === 'function');
      // Without a callback (a stream) the query is not watched.
      if (at < 0) return query(...args);
      const cb = args[at] as Callback;
      const refused = this.refusal(this.owners.get(conn) ?? currentRequest());
      if (refused) {
        this.kill(conn, refused);
        process.nextTick(() => cb(refused));
        return undefined;
      }
      const started = performance.now();
      let called = false;
      const done: Callback = (err, ...rest) => {
        if (called) return;
        called = true;
        if (this.pending.get(conn)?.fail === fail) this.pending.delete(conn);
        for (const o of observers) o.query?.((performance.now() - started) / 1000, Boolean(err), this);
        if (err && isConnectionError(err) && (err as { code?: string }).code !== DATABASE_UNRESPONSIVE) {
          void this.check();
        }
        cb(err, ...rest);
      };
      const fail = (err: unknown) => done(err);
      const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { sql?: unknown } | undefined)?.sql ?? '');
      this.pending.set(conn, { since: Date.now(), sql, fail });
      args[at] = done;
      return query(...args);
    };
  }
}

const watchdogs = new WeakMap<object, DatabaseWatchdog>();

/**
 * The mysql2 module as TypeORM's MySQL driver takes it (`driver` option), with every pool it
 * creates watched by a {@link DatabaseWatchdog}.
 */
export function watchedMysql2(): typeof mysql2 {
  const createPool = (options: Record<string, unknown>) => {
    const pool = (mysql2.createPool as (o: Record<string, unknown>) => unknown)(options) as Pool;
    const watchdog = new DatabaseWatchdog(mysql2, options);
    watchdog.wrapPool(pool);
    watchdog.start();
    watchdogs.set(pool, watchdog);
    return pool;
  };
  // The namespace's properties are getters: an object inheriting them, with its own createPool
  // (enumerable: TypeORM takes a driver without own keys for a failed require).
  return Object.defineProperty(Object.create(mysql2) as typeof mysql2, 'createPool', {
    value: createPool,
    enumerable: true,
  });
}

/** The watchdog of a DataSource's MySQL pool (undefined for SQLite). */
export function watchdogOf(dataSource: DataSource): DatabaseWatchdog | undefined {
  const pool = (dataSource.driver as { pool?: object }).pool;
  return pool ? watchdogs.get(pool) : undefined;
}
