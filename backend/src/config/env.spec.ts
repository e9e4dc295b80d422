import { describe, expect, it } from 'vitest';
import { validateEnv } from './env';

const production = { NODE_ENV: 'production', DEMO: 'off' };

describe(validateEnv.name, () => {
  describe('in production outside demo mode', () => {
    it.each([
      [{ INGEST_KEYS: 'change-me-ingest-key' }, /^ {2}INGEST_KEYS: /m],
      [
        { INGEST_KEYS: 'a'.repeat(32), DATABASE_URL: 'mysql://gridwall:gridwall@mysql:3306/gridwall' },
        /^ {2}DATABASE_URL: /m,
      ],
      [
        { INGEST_KEYS: 'a'.repeat(32), DATABASE_URL: 'mysql://gridwall:change-me@db:3306/gridwall' },
        /^ {2}DATABASE_URL: /m,
      ],
    ])('stops the boot on the example secrets of %j, naming the variable', (vars, message) => {
      expect(() => validateEnv({ ...production, ...vars })).toThrow(message);
    });

    it('starts with real secrets, and with a database user that has no password (a local socket setup)', () => {
      const key = 'f'.repeat(64);
      expect(
        validateEnv({ ...production, INGEST_KEYS: key, DATABASE_URL: 'mysql://gw:S3cure-9x@db/gw' }).INGEST_KEYS,
      ).toBe(key);
      expect(() =>
        validateEnv({ ...production, INGEST_KEYS: key, DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' }),
      ).not.toThrow();
    });
  });

  it('lets a trial or a demo run with the example values', () => {
    expect(() => validateEnv({ INGEST_KEYS: 'change-me-ingest-key' })).not.toThrow();
    expect(() =>
      validateEnv({ NODE_ENV: 'production', DEMO: 'on', INGEST_KEYS: 'change-me-ingest-key' }),
    ).not.toThrow();
  });

  it('stops the boot on a bad surge-detection or simulator setting, naming the variable', () => {
    expect(() => validateEnv({ HOTSPOT_ALPHA: '2' })).toThrow(/HOTSPOT_ALPHA: must be a number from/);
    expect(() => validateEnv({ HOTSPOT_WINDOW_HOURS: 'day' })).toThrow(/HOTSPOT_WINDOW_HOURS/);
    expect(() => validateEnv({ HOTSPOT_SCAN_HOURS: '1,48' })).toThrow(/HOTSPOT_SCAN_HOURS/);
    expect(() => validateEnv({ HOTSPOT_MIN_COUNT: '1' })).toThrow(/HOTSPOT_MIN_COUNT/);
    expect(() => validateEnv({ HOTSPOT_BASELINE_WEEKS: '52' })).toThrow(/HOTSPOT_BASELINE_WEEKS/);
    expect(() => validateEnv({ HOTSPOTS: 'maybe' })).toThrow(/HOTSPOTS/);
    expect(() => validateEnv({ SIM_SURGE: 'yes please' })).toThrow(/SIM_SURGE/);
    expect(() =>
      validateEnv({ HOTSPOTS: 'off', SIM_SURGE: 'on', HOTSPOT_ALPHA: '0.01', HOTSPOT_SCAN_HOURS: '' }),
    ).not.toThrow();
  });
});
