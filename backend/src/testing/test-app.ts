import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CaseEvent, IngestResult } from '@gridwall/shared';
import { createApp } from '../app.factory';
import { Clock, ManualClock } from '../common/clock';
import type { DomainConfig } from '../config/domain-config';

/** The ingest key every test app accepts. */
export const TEST_INGEST_KEY = 'test-ingest-key';

/** A running app on a loopback port. */
export interface TestApp {
  app: NestExpressApplication;
  /** http://127.0.0.1:PORT */
  url: string;
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the real app (simulator off, no demo key) on a free loopback port. */
export async function startTestApp(options: {
  databaseUrl: string;
  clock?: Clock;
  env?: Record<string, string>;
  domainConfig?: DomainConfig;
  /** Serve the built frontend (frontend/dist) as in production. */
  serveFrontend?: boolean;
}): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(Date.now());
  const app = await createApp({
    env: {
      DATABASE_URL: options.databaseUrl,
      INGEST_KEYS: TEST_INGEST_KEY,
      DEMO: 'off',
      SIMULATOR: 'off',
      LOG_LEVEL: 'error',
      ...options.env,
    },
    clock,
    domainConfig: options.domainConfig,
    serveFrontend: options.serveFrontend ?? false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, clock, close: () => app.close() };
}

/** POSTs a body to /api/events and returns status, headers and parsed body. */
export async function postEvents(
  url: string,
  body: CaseEvent | { events: CaseEvent[] } | unknown,
  key = TEST_INGEST_KEY,
): Promise<{
  status: number;
  body: IngestResult & { message?: string; statusCode?: number; error?: string };
  headers: Headers;
}> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never, headers: res.headers };
}

/** GETs a JSON endpoint. */
export async function getJson<T>(url: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}
