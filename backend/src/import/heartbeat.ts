import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { IMPORT_HEARTBEAT_KEY, IMPORT_HEARTBEAT_TTL_MS } from '../assessments/assessment-store.service';
import { SettingEntity } from '../auth/auth.entities';
import type { CaseStoreService } from '../cases/case-store.service';

/** How often a running import refreshes its heartbeat (servers wait while it is younger than 2 minutes). */
export const HEARTBEAT_EVERY_MS = 10_000;

/** What the heartbeat row says about the import. */
export interface HeartbeatValue {
  file: string;
  pid: number;
  host: string;
  startedAt: string;
}

/** Another import is running on the same database. */
export class ImportRunningError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The `app_setting` row rewritten at the end of each completed import. */
export const IMPORT_DONE_KEY = 'import.done';

/**
 * The `app_setting` row `import.heartbeat` (key from the assessments' store): kept fresh
 * (`updated_at` = Date.now()) while the import runs, so no server issues a period while its
 * events are still coming in. Removed when the import completes; an interrupted or killed
 * import leaves it to age (2 minutes), time to resume. Writes go through the case store's
 * write queue, so on SQLite they never land inside an append's transaction.
 */
export class ImportHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly text: string;
  private lastError = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: CaseStoreService,
    file: string,
    private readonly warn: (message: string) => void,
  ) {
    const value: HeartbeatValue = { file, pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    this.text = JSON.stringify(value);
  }

  private get repo() {
    return this.dataSource.getRepository(SettingEntity);
  }

  /**
   * Refuses to start when another import is beating: on this host a live process, elsewhere any
   * heartbeat younger than the TTL. A killed import's heartbeat (its process gone) is taken over.
   */
  async claim(): Promise<void> {
    const row = await this.repo.findOne({ where: { key: IMPORT_HEARTBEAT_KEY } });
    if (row && Date.now() - row.updatedAt < IMPORT_HEARTBEAT_TTL_MS) {
      let other: Partial<HeartbeatValue> = {};
      try {
        other = JSON.parse(row.value) as Partial<HeartbeatValue>;
      } catch {
        other = {};
      }
      const here = other.host === hostname();
      if (!(here && typeof other.pid === 'number' && (other.pid === process.pid || !alive(other.pid)))) {
        const age = Math.round((Date.now() - row.updatedAt) / 1000);
        throw new ImportRunningError(
          `another import is running on this database (${other.file ?? '?'}, pid ${other.pid ?? '?'} on ${other.host ?? '?'}, ` +
            `heartbeat ${age} s ago): wait for it to finish` +
            (here ? '' : `, or until its heartbeat is ${IMPORT_HEARTBEAT_TTL_MS / 60_000} minutes old if it is gone`),
        );
      }
    }
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((err: unknown) => {
        if (Date.now() - this.lastError > 60_000) {
          this.lastError = Date.now();
          this.warn(`cannot refresh the import heartbeat: ${(err as Error).message}`);
        }
      });
    }, HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  /** Writes the heartbeat now. */
  beat(): Promise<void> {
    return this.store.exclusive(async () => {
      await this.repo.upsert({ key: IMPORT_HEARTBEAT_KEY, value: this.text, updatedAt: Date.now() }, ['key']);
    });
  }

  /**
   * Stops beating; when `remove` (the import completed) removes this import's row and rewrites
   * `import.done`, which tells a running server without a cluster to read what was imported
   * (LogFollowerService.watchImports), however short the import was.
   */
  async stop(remove: boolean): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!remove) return;
    await this.store.exclusive(async () => {
      const done = JSON.stringify({ ...(JSON.parse(this.text) as object), finishedAt: new Date().toISOString() });
      await this.repo.upsert({ key: IMPORT_DONE_KEY, value: done, updatedAt: Date.now() }, ['key']);
      await this.repo.delete({ key: IMPORT_HEARTBEAT_KEY, value: this.text });
    });
  }
}
