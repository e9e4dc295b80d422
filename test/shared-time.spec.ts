/** The shared time parsing every input goes through (ingest, REST `from`/`to`, configuration). */
import { describe, expect, it } from 'vitest';
import { parseIsoWithOffset } from '@gridwall/shared';

describe(parseIsoWithOffset.name, () => {
  it.each([
    '2026-11-21T09:30:00+08:00',
    '2026-11-21T01:30:00.250Z',
    '2024-02-29T12:00:00-05:30',
    // Years 0–99 are those years, not 1900–1999 (Date.UTC's reading).
    '0001-01-01T00:00:00Z',
    '0099-12-31T23:59:59+08:00',
    '0000-02-29T00:00:00Z',
  ])('reads %s as the instant it names', (text) => {
    expect(parseIsoWithOffset(text)).toBe(Date.parse(text));
  });

  it.each(['2023-02-29T00:00:00Z', '0100-02-29T00:00:00Z', '2026-11-21T24:00:00Z', '2026-11-21T09:30:00'])(
    'refuses %s',
    (text) => {
      expect(parseIsoWithOffset(text)).toBeNull();
    },
  );
});
