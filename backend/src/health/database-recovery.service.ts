import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseStoreService } from '../cases/case-store.service';
import { ClusterService } from '../cluster/cluster.service';
import { observeDatabase, watchdogOf, type DatabaseWatchdog } from '../database/mysql-watchdog';
import { LiveEngine } from '../live/live-engine.service';

/**
 * After the database stopped answering in the middle of a commit (the watchdog cut the
 * connection before the answer came, and the request was answered 503), the server may have
 * applied that commit all the same. With Redis the event-log follower brings it into the live
 * state like any other instance's commit; a single instance has no follower, so once the
 * database answers again it rebuilds its live state from the database (alone in the write
 * queue, so no commit is lost in between), as a restart would.
 */
@Injectable()
export class DatabaseRecovery implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private stop: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: CaseStoreService,
    private readonly live: LiveEngine,
    private readonly cluster: ClusterService,
  ) {}

  onModuleInit(): void {
    this.stop = observeDatabase({ recovered: (w, n) => this.recovered(w, n) });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  private recovered(watchdog: DatabaseWatchdog, commitsInDoubt: number): void {
    if (commitsInDoubt === 0 || this.cluster.enabled || watchdogOf(this.dataSource) !== watchdog) return;
    this.logger.log(`rebuilding the live state: ${commitsInDoubt} commit(s) may have applied unanswered`);
    this.store
      .exclusive(() => this.live.rebuild())
      .catch((err: unknown) => this.logger.error(`rebuild after the outage failed: ${(err as Error).message}`));
  }
}
