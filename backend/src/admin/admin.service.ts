import { BadRequestException, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { CaseStoreService } from '../cases/case-store.service';
import { Clock } from '../common/clock';
import { DomainConfigError, type DomainConfig, type DomainConfigPatch } from '../config/domain-config';
import { DomainConfigService, type DomainConfigChange } from '../config/domain-config.service';
import { AreasService } from '../areas/areas.service';
import { foldContextOf } from '../cases/fold-context';
import { LiveEngine } from '../live/live-engine.service';
import { DOMAIN_SETTING_KEY, parseStoredDomainConfig } from './domain-setting';

/** The time limits the stored case states were folded with. */
const FOLDED_KEY = 'folded-time-limits';
/** How often other instances look for a changed configuration. */
const POLL_MS = 10_000;

/**
 * The domain configuration as admins edit it: stored in `app_setting`, validated, put in force
 * through {@link DomainConfigService} and applied at once (weights and thresholds: a rebuild of
 * the live state; time limits: every case refolded first, since default deadlines depend on
 * them), and picked up by other instances (and from the CLI) within 10 s.
 */
@Injectable()
export class AdminService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AdminService.name);
  private loadedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    private readonly config: DomainConfigService,
    private readonly store: CaseStoreService,
    private readonly live: LiveEngine,
    private readonly auth: AuthService,
    private readonly areas: AreasService,
    private readonly clock: Clock,
  ) {}

  /** Applies the stored configuration before the live state is built, refolding if limits moved. */
  async onModuleInit(): Promise<void> {
    const row = await this.settings.findOne({ where: { key: DOMAIN_SETTING_KEY } });
    if (row) {
      this.loadedAt = row.updatedAt;
      try {
        await this.config.replace(parseStoredDomainConfig(row.value), 'stored');
      } catch (err) {
        // Written before the CLI validated: refusing to start would leave no way to fix it.
        if (!(err instanceof DomainConfigError || err instanceof SyntaxError)) throw err;
        this.logger.error(
          `stored configuration refused (${err.message}): keeping the defaults / DOMAIN_CONFIG_FILE; ` +
            'correct it with PUT /api/admin/config or `npm run admin -- config set`',
        );
      }
    }
    await this.refoldIfLimitsMoved();
    // From here on every change (this instance's or one picked up from elsewhere) is applied.
    this.stopListening = this.config.onChange((change) => this.apply(change));
    this.timer = setInterval(() => void this.pollForChanges(), POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopListening?.();
  }

  /** The configuration in force. */
  current(): Readonly<DomainConfig> {
    return this.config.current();
  }

  /**
   * Validates a partial configuration over the current one, stores it and applies it; a
   * configuration that breaks a rule is a 400 naming the field, and nothing is stored.
   */
  async update(patch: DomainConfigPatch, by: string): Promise<Readonly<DomainConfig>> {
    let next: DomainConfig;
    try {
      next = this.config.preview(patch);
    } catch (err) {
      if (err instanceof DomainConfigError) throw new BadRequestException(err.message);
      throw err;
    }
    const now = this.clock.now();
    await this.settings.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(next), updatedAt: now });
    this.loadedAt = now;
    await this.config.replace(next, by);
    await this.auth.audit(by, 'config-update', JSON.stringify(patch));
    return this.config.current();
  }

  /** A new configuration is in force: refold if the time limits moved, then rebuild the live state. */
  private async apply(_change: DomainConfigChange): Promise<void> {
    await this.refoldIfLimitsMoved();
    await this.live.rebuild();
  }

  private async refoldIfLimitsMoved(): Promise<void> {
    const config = this.config.current();
    const limits = JSON.stringify(config.timeLimitHours);
    const folded = await this.settings.findOne({ where: { key: FOLDED_KEY } });
    if (folded?.value === limits) return;
    if (folded) {
      const started = Date.now();
      const n = await this.store.refoldAll(
        foldContextOf(
          () => config,
          () => this.areas.tree,
        ),
      );
      this.logger.log(`time limits changed: refolded ${n} cases in ${Date.now() - started} ms`);
    }
    await this.settings.save({ key: FOLDED_KEY, value: limits, updatedAt: this.clock.now() });
  }

  private async pollForChanges(): Promise<void> {
    try {
      const row = await this.settings.findOne({ where: { key: DOMAIN_SETTING_KEY } });
      if (!row || row.updatedAt <= this.loadedAt) return;
      this.loadedAt = row.updatedAt;
      // Another instance (or the CLI) changed it; the first to notice refolds if limits moved.
      await this.config.replace(parseStoredDomainConfig(row.value), 'elsewhere');
      this.logger.log('configuration changed elsewhere: applied');
    } catch (err) {
      this.logger.warn(`cannot read the configuration: ${(err as Error).message}`);
    }
  }
}
