import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { DAY_MS, HOUR_MS, type Category } from '@gridwall/shared';
import { SurgeDetector, type ReportSeen } from '../hotspots/surge-detector';
import { generateReports, runDetector, simWorld, usualPerDay } from '../hotspots/surge-simulation';
import { sqliteDatabase } from '../testing/databases';
import { limitMs, zhengzhouTree } from '../testing/fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import { planCase, simCaseId, surgeArrivals, surgeCaseId, surgeTargetOf, type PlanWorld } from './plan';
import { Rng } from './rng';
import { SURGE_HOURS, SURGE_EXTRA_PER_DAY, SimulatorService } from './simulator.service';

const tree = zhengzhouTree();
const world: PlanWorld = {
  cells: tree.ofLevel('cell').map((c) => c.code),
  districtOf: (code) => tree.ancestorAt(code, 'district')!.code,
  departmentsFor: (d) => [`${d}.scjg`, 'city.cg'],
  timeLimitMs: limitMs,
  cellsUnder: (code) => tree.descendantsAt(code, 'cell').map((c) => c.code),
};
/** 梨河镇 (新郑市), the township of the source reports. */
const LIHE = tree.ofLevel('township').find((t) => t.name.startsWith('梨河'))!.code;

describe('SIM_SURGE: the simulator injects surges', () => {
  it('names the township and category in the case id; ordinary ids name none', () => {
    const id = surgeCaseId(TEST_NOW, 7, LIHE, 'illegal_business');
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(surgeTargetOf(id)).toEqual({ township: LIHE, category: 'illegal_business' });
    expect(surgeTargetOf(simCaseId(TEST_NOW, 7))).toBeNull();
  });

  it('plans a surge case in its township and category, as a pure function', () => {
    for (let i = 0; i < 50; i++) {
      const id = surgeCaseId(TEST_NOW + i, i, LIHE, 'illegal_construction');
      const plan = planCase(id, TEST_NOW + i, world);
      expect(plan).toEqual(planCase(id, TEST_NOW + i, world));
      const reported = plan[0].event as { gridCode: string; category: Category };
      expect(reported.category).toBe('illegal_construction');
      expect(tree.isWithin(reported.gridCode, LIHE)).toBe(true);
    }
  });

  it('the demo surge (3× usual + 72 a day, for 12 h) is raised within hours, whenever it starts', () => {
    const sim = simWorld(tree);
    // Fixed dates (the outcome must not depend on when the suite runs); four starting hours.
    const day = Date.parse('2026-10-20T00:00:00+08:00');
    const delays: number[] = [];
    for (const startHour of [0, 6, 12, 18]) {
      const surgeFrom = day + startHour * HOUR_MS;
      const end = surgeFrom + SURGE_HOURS * HOUR_MS;
      const background = generateReports(sim, {
        from: surgeFrom - 15 * DAY_MS,
        to: end,
        perDay: 4000,
        seed: 5 + startHour,
      });
      const rng = new Rng(9 + startHour);
      const extra: ReportSeen[] = surgeArrivals(
        surgeFrom,
        end,
        3 * usualPerDay(sim, 4000, LIHE, 'illegal_business') + SURGE_EXTRA_PER_DAY,
        rng,
      ).map((t, i) => {
        const e = planCase(surgeCaseId(t, i, LIHE, 'illegal_business'), t, world)[0].event as {
          caseId: string;
          gridCode: string;
        };
        return { caseId: e.caseId, at: t, gridCode: e.gridCode, category: 'illegal_business', open: true };
      });
      const reports = [...background, ...extra].sort((a, b) => a.at - b.at);
      const d = new SurgeDetector({ baselineWeeks: 2 }, sim.unitsOf);
      const raises = runDetector(d, reports, { evalFrom: surgeFrom - DAY_MS, to: end, tickMs: 10 * 60_000 });
      const hit = raises.find((r) => r.unitCode === LIHE && r.category === 'illegal_business' && r.at >= surgeFrom);
      expect(hit, `surge from ${startHour}:00`).toBeDefined();
      delays.push((hit!.at - surgeFrom) / HOUR_MS);
    }
    // The first surge of a demo began 6 h before the simulator started: it shows at once.
    process.stdout.write(`demo surge detected after ${delays.map((d) => d.toFixed(2)).join(', ')} h\n`);
    expect(Math.max(...delays), delays.join(', ')).toBeLessThanOrEqual(6);
  }, 60_000);

  describe('in the app', () => {
    const db = sqliteDatabase();
    let sut: TestApp;
    beforeAll(async () => {
      sut = await startTestApp({ databaseUrl: db.url, env: { SIM_SURGE: 'on' } });
    });
    afterAll(async () => {
      await sut?.close();
      await db.drop();
    });

    it('reads SIM_SURGE and draws a township with cells and a visible rate', () => {
      const sim = sut.app.get(SimulatorService);
      expect(sim.surgesOn).toBe(true);
      const s = sim.startSurge(TEST_NOW);
      expect(tree.levelOf(s.township)).toBe('township');
      expect(tree.descendantsAt(s.township, 'cell').length).toBeGreaterThan(0);
      expect(s.perDay).toBeGreaterThanOrEqual(SURGE_EXTRA_PER_DAY);
      expect(s.to - s.from).toBe(SURGE_HOURS * HOUR_MS);
    });

    it('posts the first surge, begun 6 h before the simulator started, through the ingest API', async () => {
      const sim = sut.app.get(SimulatorService);
      await sim.start(sut.url, 0);
      try {
        const s = sim.surge!;
        expect(s.from).toBe(sut.clock.now() - 6 * HOUR_MS);
        const ds = sut.app.get(DataSource);
        let rows: { n: number | string }[] = [];
        for (let i = 0; i < 100; i++) {
          rows = await ds.query(`SELECT COUNT(*) AS n FROM case_state WHERE case_id LIKE ?`, [`%-H${s.township}-%`]);
          if (Number(rows[0].n) > 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(Number(rows[0].n)).toBeGreaterThan(0);
        const states: { grid_code: string; category: string }[] = await ds.query(
          `SELECT grid_code, category FROM case_state WHERE case_id LIKE ?`,
          [`%-H${s.township}-%`],
        );
        for (const st of states) {
          expect(st.category).toBe(s.category);
          expect(tree.isWithin(st.grid_code, s.township)).toBe(true);
        }
      } finally {
        sim.stop();
      }
    });
  });
});
