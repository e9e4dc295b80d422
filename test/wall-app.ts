/**
 * The real app for the wall's browser tests and heap benchmark: like startTestApp, but on a
 * chosen port (so a test can stop it and start it again where the wall reconnects) and,
 * optionally, with the simulator posting live cases through the ingest API.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../backend/src/app.factory';
import { AuthService } from '../backend/src/auth/auth.service';
import { SimulatorService } from '../backend/src/simulator/simulator.service';
import { TEST_INGEST_KEY } from '../backend/src/testing/test-app';
import { runningTestClock } from '../backend/src/testing/test-clock';

/** Options of {@link startWallApp}. */
export interface WallAppOptions {
  /** DATABASE_URL, e.g. from sqliteDatabase(). */
  databaseUrl: string;
  /**
   * Port to listen on (127.0.0.1).
   * @default 0 (a free port)
   */
  port?: number;
  /**
   * Simulated new cases per day, city-wide; 0 leaves the simulator off.
   * @default 0
   */
  casesPerDay?: number;
  /**
   * Days of history the simulator backfills into an empty database (fractions allowed).
   * @default 0.05
   */
  backfillDays?: number;
  /**
   * Screen token to reuse (a restart on the same database keeps it valid).
   * @default a new screen token
   */
  token?: string;
}

/** A running app serving the built frontend. */
export interface WallApp {
  app: NestExpressApplication;
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** A screen token (role `wall`) for `?token=` and REST reads; stored, so valid after a restart. */
  token: string;
  /** The simulator, when running (stop() pauses the live loop). */
  simulator: SimulatorService | null;
  close(): Promise<void>;
}

/** Starts the real app with the built frontend (frontend/dist) on `port`. */
export async function startWallApp(options: WallAppOptions): Promise<WallApp> {
  const casesPerDay = options.casesPerDay ?? 0;
  const app = await createApp({
    env: {
      DATABASE_URL: options.databaseUrl,
      INGEST_KEYS: TEST_INGEST_KEY,
      DEMO: 'off',
      SIMULATOR: casesPerDay > 0 ? 'on' : 'off',
      SIM_CASES_PER_DAY: String(Math.max(1, Math.round(casesPerDay))),
      // Only the backfill days asked for: no older thin history (the demo's default).
      DEMO_HISTORY_CASES_PER_DAY: '0',
      LOG_LEVEL: 'error',
    },
    clock: runningTestClock(),
    serveFrontend: true,
  });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const token = options.token ?? (await app.get(AuthService).createToken('screen', '测试大屏', 'wall-test')).token;
  const simulator = casesPerDay > 0 ? app.get(SimulatorService) : null;
  await simulator?.start(url, options.backfillDays ?? 0.05);
  return {
    app,
    url,
    port,
    token,
    simulator,
    close: async () => {
      simulator?.stop();
      await app.close();
    },
  };
}
