import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { CaseStoreService } from '../cases/case-store.service';
import { Clock } from '../common/clock';
import { DOMAIN_CONFIG } from '../config/app-config.module';
import { resolveDomainConfig, timeLimitMs, type DomainConfig } from '../config/domain-config';
import { AreasService } from '../areas/areas.service';
import { LiveService } from '../live/live.service';

const DOMAIN_KEY = 'domain-config';
/** The time limits the stored case states were folded with. */
const FOLDED_KEY = 'folded-time-limits';
/** How often other instances look for a changed configuration. */
const POLL_MS = 10_000;

/**
 * The domain configuration as admins edit it: stored in `app_setting`, validated, applied at
 * once (weights and thresholds: a rebuild of the live state; time limits: every case refolded
 * first, since default deadlines depend on them), and picked up by other instances within 10 s.
 */
@Injectable()
export class AdminService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AdminService.name);
  private loadedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    @Inject(DOMAIN_CONFIG) private readonly config: DomainConfig,
    private readonly store: CaseStoreService,
    private readonly live: LiveService,
    private readonly auth: AuthService,
    private readonly areas: AreasService,
    private readonly clock: Clock,
  ) {}

  /** Applies the stored configuration before the live state is built, refolding if limits moved. */
  async onModuleInit(): Promise<void> {
    const row = await this.settings.findOne({ where: { key: DOMAIN_KEY } });
    if (row) {
      Object.assign(this.config, resolveDomainConfig(JSON.parse(row.value) as Partial<DomainConfig>));
      this.loadedAt = row.updatedAt;
    }
    await this.refoldIfLimitsMoved();
    this.timer = setInterval(() => void this.pollForChanges(), POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The configuration in force. */
  current(): DomainConfig {
    return structuredClone(this.config);
  }

  /** Validates a partial configuration over the current one, stores it and applies it. */
  async update(partial: unknown, by: string): Promise<DomainConfig> {
    if (typeof partial !== 'object' || partial === null || Array.isArray(partial))
      throw new BadRequestException('body: must be a JSON object');
    const allowed = ['timeLimitHours', 'nearDueFraction', 'weights', 'deductionCap', 'minCases', 'bonus'];
    for (const k of Object.keys(partial))
      if (!allowed.includes(k))
        throw new BadRequestException(`${k}: is not a configuration field (${allowed.join(', ')})`);
    const p = partial as Partial<DomainConfig>;
    let next: DomainConfig;
    try {
      next = resolveDomainConfig({
        ...this.current(),
        ...p,
        timeLimitHours: { ...this.config.timeLimitHours, ...(p.timeLimitHours ?? {}) },
        weights: { ...this.config.weights, ...(p.weights ?? {}) },
        bonus: p.bonus ?? this.config.bonus,
      });
    } catch (err) {
      throw new BadRequestException((err as Error).message);
    }
    for (const code of Object.keys(next.bonus)) {
      if (typeof next.bonus[code] !== 'number' || !Number.isFinite(next.bonus[code]))
        throw new BadRequestException(`bonus.${code}: must be a number`);
    }
    const now = this.clock.now();
    await this.settings.save({ key: DOMAIN_KEY, value: JSON.stringify(next), updatedAt: now });
    this.loadedAt = now;
    await this.apply(next);
    await this.auth.audit(by, 'config-update', JSON.stringify(partial));
    return this.current();
  }

  private async apply(next: DomainConfig): Promise<void> {
    Object.assign(this.config, next);
    await this.refoldIfLimitsMoved();
    await this.live.rebuild();
  }

  private async refoldIfLimitsMoved(): Promise<void> {
    const limits = JSON.stringify(this.config.timeLimitHours);
    const folded = await this.settings.findOne({ where: { key: FOLDED_KEY } });
    if (folded?.value === limits) return;
    if (folded) {
      const started = Date.now();
      const n = await this.store.refoldAll({
        timeLimitMs: (c) => timeLimitMs(this.config, c),
        levelOf: (code) => this.areas.tree.levelOf(code),
      });
      this.logger.log(`time limits changed: refolded ${n} cases in ${Date.now() - started} ms`);
    }
    await this.settings.save({ key: FOLDED_KEY, value: limits, updatedAt: this.clock.now() });
  }

  private async pollForChanges(): Promise<void> {
    try {
      const row = await this.settings.findOne({ where: { key: DOMAIN_KEY } });
      if (!row || row.updatedAt <= this.loadedAt) return;
      this.loadedAt = row.updatedAt;
      Object.assign(this.config, resolveDomainConfig(JSON.parse(row.value) as Partial<DomainConfig>));
      // Another instance (or the CLI) changed it; the first to notice refolds if limits moved.
      await this.refoldIfLimitsMoved();
      await this.live.rebuild();
      this.logger.log('configuration changed elsewhere: applied');
    } catch (err) {
      this.logger.warn(`cannot read the configuration: ${(err as Error).message}`);
    }
  }
}
