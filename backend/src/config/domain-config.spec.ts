import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DomainConfigError,
  defaultDomainConfig,
  loadDomainConfig,
  validateDomainConfig,
  type DomainConfig,
} from './domain-config';

/** The message a configuration is refused with. */
function refusal(raw: unknown, base?: DomainConfig): string {
  try {
    validateDomainConfig(raw, base);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

const defaults = defaultDomainConfig();

describe('validateDomainConfig', () => {
  describe('a whole configuration', () => {
    it('accepts the defaults and returns a copy that shares nothing with its input', () => {
      const input = defaultDomainConfig();
      const sut = validateDomainConfig(input);
      expect(sut).toEqual(defaults);
      input.weights.localRate = 0.9;
      input.timeLimitHours.work_safety = 1;
      expect(sut.weights.localRate).toBe(0.2);
      expect(sut.timeLimitHours.work_safety).toBe(24);
    });

    it('requires every field', () => {
      const { minCases: _m, ...rest } = defaults;
      expect(refusal(rest)).toBe('minCases: is required');
      expect(refusal({ ...defaults, timeLimitHours: { illegal_business: 24 } })).toBe(
        'timeLimitHours.illegal_production: is required',
      );
    });

    it('refuses what is not a JSON object', () => {
      expect(refusal([defaults])).toMatch(/^configuration: must be a JSON object, got an array/);
      expect(refusal(null)).toMatch(/^configuration: /);
      expect(refusal('{}')).toMatch(/^configuration: /);
    });
  });

  describe('a v1 configuration (stored before v2)', () => {
    it('loads with its four weights, the default groups and grace', () => {
      const v1 = {
        timeLimitHours: { ...defaults.timeLimitHours },
        nearDueFraction: 0.2,
        weights: { resolutionRate: 0.3, onTimeRate: 0.3, localRate: 0.2, satisfactionRate: 0.2 },
        deductionCap: 10,
        minCases: 5,
        bonus: {},
      };
      const sut = validateDomainConfig(v1);
      expect(sut.weights).toMatchObject({ resolutionRate: 0.3, closeRate: 0, extendedRate: 0 });
      expect(sut.rankingGroups).toEqual(defaults.rankingGroups);
      expect(sut.assessmentGraceMinutes).toBe(120);
    });

    it('has the v2 defaults: 结案率 weighed, Zhengzhou groups', () => {
      expect(defaults.weights).toMatchObject({
        closeRate: 0.3,
        onTimeRate: 0.3,
        localRate: 0.2,
        satisfactionRate: 0.2,
      });
      expect(defaults.weights.resolutionRate).toBe(0);
      expect(defaults.rankingGroups.district!.map((g) => [g.name, g.codes!.length])).toEqual([
        ['城区组', 6],
        ['县（市）组', 6],
        ['开发区组', 3],
      ]);
    });
  });

  describe('a patch over a base', () => {
    it('takes unnamed fields from the base, merges limits and weights key by key, and replaces bonus', () => {
      const base = { ...defaultDomainConfig(), bonus: { '410102': 2 } };
      const sut = validateDomainConfig(
        {
          timeLimitHours: { illegal_business: 24 },
          weights: { closeRate: 0.2, resolutionRate: 0.2, onTimeRate: 0.2 },
          bonus: {},
        },
        base,
      );
      expect(sut.timeLimitHours).toEqual({ ...defaults.timeLimitHours, illegal_business: 24 });
      expect(sut.weights).toEqual({
        ...defaults.weights,
        closeRate: 0.2,
        resolutionRate: 0.2,
        onTimeRate: 0.2,
        localRate: 0.2,
        satisfactionRate: 0.2,
      });
      expect(sut.bonus).toEqual({});
      expect(sut.minCases).toBe(5);
      expect(validateDomainConfig({}, base).bonus).toEqual({ '410102': 2 });
    });

    it('keeps the category order of the limits (stored limits are compared as JSON text)', () => {
      const sut = validateDomainConfig({ timeLimitHours: { urban_management: 12, illegal_production: 1 } }, defaults);
      expect(Object.keys(sut.timeLimitHours)).toEqual(Object.keys(defaults.timeLimitHours));
    });
  });

  describe('refusals name the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['an unknown field', { colour: 'red' }, /^colour: is not a configuration field/],
      ['a fraction given as text', { nearDueFraction: '0.5' }, /^nearDueFraction: must be a number .*got "0.5"/],
      ['a fraction of 1', { nearDueFraction: 1 }, /^nearDueFraction: /],
      ['a fraction of 0', { nearDueFraction: 0 }, /^nearDueFraction: /],
      ['a limit of 1e300 hours', { timeLimitHours: { work_safety: 1e300 } }, /^timeLimitHours\.work_safety: .*1e\+300/],
      ['a limit beyond 10 years', { timeLimitHours: { work_safety: 87_601 } }, /^timeLimitHours\.work_safety: /],
      ['a limit of 0 hours', { timeLimitHours: { work_safety: 0 } }, /^timeLimitHours\.work_safety: /],
      ['a negative limit', { timeLimitHours: { work_safety: -1 } }, /^timeLimitHours\.work_safety: /],
      ['a limit given as text', { timeLimitHours: { work_safety: '24' } }, /^timeLimitHours\.work_safety: /],
      ['an unknown category', { timeLimitHours: { noise: 24 } }, /^timeLimitHours\.noise: is not one of/],
      ['limits that are not a map', { timeLimitHours: [24] }, /^timeLimitHours: must be an object/],
      ['an extra weight key', { weights: { speedRate: 0 } }, /^weights\.speedRate: is not one of/],
      ['a negative weight', { weights: { resolutionRate: 0.6, localRate: -0.1 } }, /^weights\.localRate: /],
      ['a weight above 1', { weights: { resolutionRate: 1.5 } }, /^weights\.resolutionRate: /],
      [
        'weights that sum to 0',
        { weights: { closeRate: 0, onTimeRate: 0, localRate: 0, satisfactionRate: 0 } },
        /^weights: the weights must sum to 1, got 0$/,
      ],
      ['weights that sum to 1.6', { weights: { resolutionRate: 0.6 } }, /^weights: .*weights must sum to 1, got 1\.6$/],
      ['a group of an unknown tier', { rankingGroups: { city: [] } }, /^rankingGroups\.city: is not a ranking tier/],
      [
        'a group with a reserved key',
        { rankingGroups: { district: [{ key: 'other', name: '其他', codes: ['410102'] }] } },
        /^rankingGroups\.district\[0\]\.key: "other" is reserved/,
      ],
      [
        'a group twice',
        {
          rankingGroups: {
            district: [
              { key: 'a', name: 'A', codes: ['1'] },
              { key: 'a', name: 'B', codes: ['2'] },
            ],
          },
        },
        /^rankingGroups\.district\[1\]\.key: "a" is used twice/,
      ],
      [
        'a group matching nothing',
        { rankingGroups: { township: [{ key: 'a', name: 'A' }] } },
        /^rankingGroups\.township\[0\]: needs codes or nameEndsWith/,
      ],
      ['a grace of a month', { assessmentGraceMinutes: 43200 }, /^assessmentGraceMinutes: /],
      ['a weight given as text', { weights: { resolutionRate: '0.3' } }, /^weights\.resolutionRate: /],
      ['a deduction cap of 0', { deductionCap: 0 }, /^deductionCap: /],
      ['a deduction cap above 100', { deductionCap: 101 }, /^deductionCap: /],
      ['a fractional minCases', { minCases: 2.5 }, /^minCases: must be a whole number/],
      ['a negative minCases', { minCases: -1 }, /^minCases: /],
      ['a huge minCases', { minCases: 1e12 }, /^minCases: /],
      ['a bonus list', { bonus: [1, 2] }, /^bonus: must be an object .*got an array/],
      [
        'a bonus of 1e308',
        { bonus: { '410102': 1e308 } },
        /^bonus\["410102"\]: must be a number of points from -100 to 100/,
      ],
      ['a bonus below -100', { bonus: { '410102': -101 } }, /^bonus\["410102"\]: /],
      ['a bonus given as text', { bonus: { '410102': '2' } }, /^bonus\["410102"\]: /],
      [
        'a bonus for a malformed code',
        { bonus: { 'no such code': 2 } },
        /^bonus\["no such code"\]: is not a unit code/,
      ],
    ];
    for (const [what, patch, message] of cases) {
      it(`refuses ${what}`, () => {
        expect(refusal(patch, defaults)).toMatch(message);
      });
    }

    it('refuses Infinity, as JSON.parse makes of 1e400', () => {
      expect(refusal(JSON.parse('{"deductionCap": 1e400}'), defaults)).toMatch(/^deductionCap: .*Infinity/);
    });
  });

  it('takes a bonus for any unit code, "constructor" included, without touching prototypes', () => {
    const sut = validateDomainConfig(JSON.parse('{"bonus": {"constructor": 1, "__proto__": 2}}'), defaults);
    expect(sut.bonus.constructor).toBe(1);
    expect(Object.keys(sut.bonus)).toEqual(['constructor', '__proto__']);
  });
});

describe('loadDomainConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-config-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('gives the defaults without a file and a patch over the defaults with one', () => {
    expect(loadDomainConfig()).toEqual(defaults);
    expect(loadDomainConfig(file('ok.json', '{"minCases": 3}'))).toEqual({ ...defaults, minCases: 3 });
  });

  it('stops the boot naming the variable, the file and the field', () => {
    const bad = file('bad.json', '{"timeLimitHours": {"work_safety": 1e300}}');
    expect(() => loadDomainConfig(bad)).toThrow(`DOMAIN_CONFIG_FILE ${bad}: timeLimitHours.work_safety: `);
    const notJson = file('broken.json', '{minCases: 3');
    expect(() => loadDomainConfig(notJson)).toThrow(`DOMAIN_CONFIG_FILE ${notJson}: cannot read it as JSON`);
  });
});
