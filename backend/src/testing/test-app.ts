import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CaseEvent, IngestResult } from '@gridwall/shared';
import { createApp } from '../app.factory';
import type { Role } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import type { Clock } from '../common/clock';
import type { DomainConfig } from '../config/domain-config';
import { manualTestClock } from './test-clock';

/** The ingest key every test app accepts. */
export const TEST_INGEST_KEY = 'test-ingest-key';

/** Bearer tokens of every role for a test app (real sign-ins and stored tokens). */
export interface TestTokens {
  ingest: string;
  wall: string;
  leader: string;
  /** A district user of 中原区 (410102). */
  district: string;
  admin: string;
}

/** A running app on a loopback port. */
export interface TestApp {
  app: NestExpressApplication;
  /** http://127.0.0.1:PORT */
  url: string;
  clock: Clock;
  tokens: TestTokens;
  close(): Promise<void>;
}

/** The token getJson uses for an app when none is given (a leader's). */
const defaultTokens = new Map<string, string>();

/** Signs in real users of each role and creates a screen token. */
async function provisionTokens(app: NestExpressApplication): Promise<TestTokens> {
  const auth = app.get(AuthService);
  const users: [string, Role, string | null][] = [
    ['t-leader', 'leader', null],
    ['t-district', 'district', '410102'],
    ['t-admin', 'admin', null],
  ];
  const out: Partial<TestTokens> = { ingest: TEST_INGEST_KEY };
  for (const [name, role, district] of users) {
    await auth.createUser(name, 'test-password', role, district, 'test-setup').catch(() => undefined);
    // Not a 12-hour session: tests move their clocks by days.
    out[role as 'leader' | 'district' | 'admin'] = await auth.issueUserToken(name, `${name}-token`, 'test-setup');
  }
  out.wall = (await auth.createToken('screen', '测试大屏', 'test-setup')).token;
  return out as TestTokens;
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
  const clock = options.clock ?? manualTestClock();
  const app = await createApp({
    env: {
      DATABASE_URL: options.databaseUrl,
      INGEST_KEYS: TEST_INGEST_KEY,
      DEMO: 'off',
      SIMULATOR: 'off',
      // Tests issue assessments by hand (AssessmentsService.issueDue) at the moments they choose.
      ASSESSMENTS_AUTO: 'off',
      LOG_LEVEL: 'error',
      ...options.env,
    },
    clock,
    domainConfig: options.domainConfig,
    serveFrontend: options.serveFrontend ?? false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const tokens = await provisionTokens(app);
  defaultTokens.set(url, tokens.leader);
  return {
    app,
    url,
    clock,
    tokens,
    close: async () => {
      defaultTokens.delete(url);
      await app.close();
    },
  };
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

/** GETs a JSON endpoint with a bearer token (default: the app's leader token). */
export async function getJson<T>(
  url: string,
  path: string,
  token: string | null = defaultTokens.get(url) ?? null,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}
