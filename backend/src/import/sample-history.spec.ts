import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AreaTree } from '../areas/area-tree';
import seed from '../areas/seed/zhengzhou-areas.json';
import { zhengzhouAreas } from '../areas/seed-data';
import { demoDepartments } from '../departments/seed-data';
import { sampleFiles } from './sample-history.cli';
import { NDJSON_SAMPLE, SAMPLE_END, historyEvents, sampleEndFor } from './sample-history';
import { SAMPLES_DIR } from './testing/history-files';

describe('the committed import samples', () => {
  const files = sampleFiles();

  it('are what the generator writes (run `node backend/dist/import/sample-history.cli.js` after changing it)', () => {
    for (const [name, content] of Object.entries(files)) {
      const committed = readFileSync(join(SAMPLES_DIR, name));
      if (name.endsWith('.gz')) expect(gunzipSync(committed).equals(gunzipSync(content)), name).toBe(true);
      else expect(committed.equals(content), name).toBe(true);
      expect(committed.length, `${name} stays small`).toBeLessThan(500 * 1024);
    }
  });

  it('hold a few thousand events over seven weeks before the fixed moment, in real area and department codes', () => {
    const events = historyEvents(NDJSON_SAMPLE);
    expect(events.length).toBeGreaterThan(2000);
    expect(events.length).toBeLessThan(6000);
    const times = events.map((e) => Date.parse(e.at));
    expect(Math.max(...times)).toBeLessThan(SAMPLE_END);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(SAMPLE_END - 49 * 86_400_000);
    const tree = new AreaTree(zhengzhouAreas());
    const departments = new Set(
      demoDepartments((seed.districts as [string, string][]).map(([code, name]) => ({ code, name }))).map(
        (d) => d.code,
      ),
    );
    for (const e of events) {
      if (e.type === 'reported') expect(tree.has(e.gridCode), e.gridCode).toBe(true);
      if (e.type === 'dispatched' && e.departmentCode) expect(departments.has(e.departmentCode)).toBe(true);
    }
    expect(new Set(events.map((e) => e.type)).size).toBe(9);
  });

  it('move two weeks before a test moment that lies before them, and stay put otherwise', () => {
    expect(sampleEndFor(Date.parse('2026-11-25T15:00:00+08:00'))).toBe(SAMPLE_END);
    expect(sampleEndFor(Date.parse('2026-11-23T00:05:00+08:00'))).toBe(SAMPLE_END);
    // A Wednesday in June: the Monday of the week before the last.
    expect(sampleEndFor(Date.parse('2026-06-10T10:00:00+08:00'))).toBe(Date.parse('2026-06-01T00:00:00+08:00'));
    expect(sampleEndFor(Date.parse('2026-06-08T00:05:00+08:00'))).toBe(Date.parse('2026-06-01T00:00:00+08:00'));
  });
});
