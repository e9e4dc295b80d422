import { BadRequestException, Logger } from '@nestjs/common';
import { HOUR_MS } from '@gridwall/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SettingEntity } from '../auth/auth.entities';
import type { AuthService } from '../auth/auth.service';
import type { AreasService } from '../areas/areas.service';
import type { CaseStoreService } from '../cases/case-store.service';
import { ManualClock } from '../common/clock';
import { defaultDomainConfig } from '../config/domain-config';
import { DomainConfigService } from '../config/domain-config.service';
import { AdminService } from './admin.service';
import { DOMAIN_SETTING_KEY } from './domain-setting';

const T0 = Date.parse('2026-11-21T10:00:00+08:00');
const FOLDED = 'folded-time-limits';

/** app_setting in memory. */
class FakeSettings {
  readonly rows = new Map<string, SettingEntity>();
  async findOne({ where }: { where: { key: string } }): Promise<SettingEntity | null> {
    return this.rows.get(where.key) ?? null;
  }
  async save(row: SettingEntity): Promise<SettingEntity> {
    this.rows.set(row.key, { ...row });
    return row;
  }
}

describe(AdminService.name, () => {
  let settings: FakeSettings;
  let config: DomainConfigService;
  let calls: string[];
  let refoldedLimitMs: number[];
  let sut: AdminService;

  const build = () => {
    const store = {
      refoldAll: vi.fn(async (ctx: { timeLimitMs: (c: 'illegal_business') => number }) => {
        calls.push('refold');
        refoldedLimitMs.push(ctx.timeLimitMs('illegal_business'));
        return 2;
      }),
    };
    const live = { rebuild: vi.fn(async () => void calls.push('rebuild')) };
    const auth = { audit: vi.fn(async (_by: string, action: string) => void calls.push(action)) };
    const areas = { tree: { levelOf: () => 'cell' } };
    sut = new AdminService(
      settings as never,
      config,
      store as unknown as CaseStoreService,
      live as never,
      auth as unknown as AuthService,
      areas as unknown as AreasService,
      new ManualClock(T0),
    );
    return { store, live, auth };
  };

  beforeEach(() => {
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    settings = new FakeSettings();
    config = new DomainConfigService(defaultDomainConfig());
    calls = [];
    refoldedLimitMs = [];
  });

  afterEach(() => {
    sut?.onModuleDestroy();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('onModuleInit', () => {
    it('puts the stored configuration in force and refolds when the stored limits moved', async () => {
      const stored = { ...defaultDomainConfig(), minCases: 2 };
      stored.timeLimitHours.illegal_business = 24;
      await settings.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(stored), updatedAt: T0 - 1000 });
      await settings.save({
        key: FOLDED,
        value: JSON.stringify(defaultDomainConfig().timeLimitHours),
        updatedAt: T0 - 1000,
      });
      const { live } = build();
      await sut.onModuleInit();
      expect(sut.current().minCases).toBe(2);
      expect(refoldedLimitMs).toEqual([24 * HOUR_MS]);
      expect(settings.rows.get(FOLDED)?.value).toBe(JSON.stringify(stored.timeLimitHours));
      // The live state is built after boot, not here.
      expect(live.rebuild).not.toHaveBeenCalled();
    });

    it('starts with the defaults when the stored configuration breaks the rules', async () => {
      const broken = { ...defaultDomainConfig(), bonus: { '410102': 1e308 } };
      await settings.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(broken), updatedAt: T0 - 1000 });
      build();
      await sut.onModuleInit();
      expect(sut.current()).toEqual(defaultDomainConfig());
      await sut.update({ minCases: 3 }, 'admin');
      expect(JSON.parse(settings.rows.get(DOMAIN_SETTING_KEY)!.value)).toMatchObject({ minCases: 3, bonus: {} });
    });
  });

  describe('update', () => {
    it('stores, applies and audits a change; the live state is rebuilt before the answer', async () => {
      const { store } = build();
      await sut.onModuleInit();
      const answer = await sut.update({ minCases: 1 }, 'admin');
      expect(answer.minCases).toBe(1);
      expect(config.current().minCases).toBe(1);
      expect(JSON.parse(settings.rows.get(DOMAIN_SETTING_KEY)!.value)).toMatchObject({ minCases: 1 });
      expect(calls).toEqual(['rebuild', 'config-update']);
      expect(store.refoldAll).not.toHaveBeenCalled();
    });

    it('refolds every case with the new time limits before rebuilding the live state', async () => {
      build();
      await sut.onModuleInit();
      await sut.update({ timeLimitHours: { illegal_business: 24 } }, 'admin');
      expect(calls).toEqual(['refold', 'rebuild', 'config-update']);
      expect(refoldedLimitMs).toEqual([24 * HOUR_MS]);
    });

    it('answers 400 naming the field and stores nothing for an absurd value', async () => {
      build();
      await sut.onModuleInit();
      const before = config.current();
      const attempt = sut.update({ timeLimitHours: { work_safety: 1e300 } }, 'admin');
      await expect(attempt).rejects.toBeInstanceOf(BadRequestException);
      await expect(attempt).rejects.toThrow(/^timeLimitHours\.work_safety: /);
      await expect(sut.update({ bonus: { '410102': 1e308 } }, 'admin')).rejects.toThrow(/^bonus\["410102"\]: /);
      expect(settings.rows.has(DOMAIN_SETTING_KEY)).toBe(false);
      expect(config.current()).toBe(before);
      expect(calls).toEqual([]);
    });
  });

  describe('picking up changes stored elsewhere', () => {
    it('applies a newer stored configuration within 10 s, and ignores one that breaks the rules', async () => {
      vi.useFakeTimers();
      build();
      await sut.onModuleInit();
      const elsewhere = { ...defaultDomainConfig(), minCases: 7 };
      await settings.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(elsewhere), updatedAt: T0 + 1 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(config.current().minCases).toBe(7);
      expect(calls).toEqual(['rebuild']);

      // Written by an old CLI that did not validate: a unit would rank first with a null score.
      const broken = { ...defaultDomainConfig(), bonus: { '410102': 1e308 } };
      await settings.save({ key: DOMAIN_SETTING_KEY, value: JSON.stringify(broken), updatedAt: T0 + 2 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(config.current().minCases).toBe(7);
      expect(config.current().bonus).toEqual({});
      expect(calls).toEqual(['rebuild']);
    });
  });
});
