import { Logger } from '@nestjs/common';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainConfigError, defaultDomainConfig } from './domain-config';
import { DomainConfigService, type DomainConfigChange } from './domain-config.service';

beforeEach(() => {
  vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});

describe(DomainConfigService.name, () => {
  describe('constructor', () => {
    it('refuses an invalid initial configuration, naming the field', () => {
      expect(() => new DomainConfigService({ ...defaultDomainConfig(), minCases: -1 })).toThrow(/^minCases: /);
    });
  });

  describe('current', () => {
    it('is deeply frozen: nobody can change the configuration in force behind its back', () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      const cfg = sut.current();
      expect(Object.isFrozen(cfg)).toBe(true);
      expect(() => {
        (cfg.weights as { localRate: number }).localRate = 1;
      }).toThrow(TypeError);
      expect(() => {
        (cfg.bonus as Record<string, number>)['410102'] = 5;
      }).toThrow(TypeError);
      expect(sut.current().weights.localRate).toBe(0.2);
    });
  });

  describe('replace', () => {
    it('puts a new object in force, leaves the old one untouched, and tells listeners who did it', async () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      const before = sut.current();
      const seen: DomainConfigChange[] = [];
      sut.onChange((c) => {
        seen.push(c);
      });
      await sut.replace({ ...defaultDomainConfig(), minCases: 2 }, 'admin');
      expect(sut.current()).not.toBe(before);
      expect(sut.current().minCases).toBe(2);
      expect(before.minCases).toBe(5);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ previous: before, current: sut.current(), actor: 'admin' });
    });

    it('refuses an invalid configuration, keeps the old one and tells nobody', async () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      const before = sut.current();
      let told = 0;
      sut.onChange(() => {
        told++;
      });
      await expect(sut.replace({ ...defaultDomainConfig(), bonus: { x: 1e308 } }, 'admin')).rejects.toThrow(
        DomainConfigError,
      );
      expect(sut.current()).toBe(before);
      expect(told).toBe(0);
    });

    it('resolves after every listener has finished, in order, even when one fails', async () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      const order: string[] = [];
      sut.onChange(async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push('refold');
        throw new Error('refold failed');
      });
      sut.onChange(() => {
        order.push('rebuild');
      });
      await expect(sut.replace({ ...defaultDomainConfig(), minCases: 1 }, 'admin')).rejects.toThrow('refold failed');
      expect(order).toEqual(['refold', 'rebuild']);
      expect(sut.current().minCases).toBe(1);
    });
  });

  describe('update', () => {
    it('merges a patch over the configuration in force', async () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      await sut.update({ weights: { closeRate: 0, resolutionRate: 0.4, onTimeRate: 0.2 } }, 'cli:ops');
      expect(sut.current().weights).toMatchObject({
        closeRate: 0,
        resolutionRate: 0.4,
        onTimeRate: 0.2,
        localRate: 0.2,
        satisfactionRate: 0.2,
      });
      await expect(sut.update({ weights: { resolutionRate: 0.9 } }, 'cli:ops')).rejects.toThrow(
        /weights must sum to 1/,
      );
      expect(sut.current().weights.resolutionRate).toBe(0.4);
    });
  });

  describe('onChange', () => {
    it('returns the function that stops the notifications', async () => {
      const sut = new DomainConfigService(defaultDomainConfig());
      let told = 0;
      const stop = sut.onChange(() => {
        told++;
      });
      await sut.update({ minCases: 1 }, 'a');
      stop();
      await sut.update({ minCases: 2 }, 'a');
      expect(told).toBe(1);
    });
  });
});
