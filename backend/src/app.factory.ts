import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { json } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ClusterService } from './cluster/cluster.service';
import { RedisIoAdapter } from './cluster/redis-io.adapter';
import { bodyErrors } from './common/body-errors';
import { httpMetrics } from './common/http-metrics';
import { serveOpenApi } from './common/openapi';
import { DatabaseUnavailableFilter } from './common/database-unavailable.filter';
import { JsonLogger } from './common/json-logger';
import { createValidationPipe } from './common/validation';
import type { AppOptions } from './config/app-config.module';
import { trustProxySetting } from './config/env';
import { securityHeaders } from './common/security-headers';
import { requestDeadlines } from './common/request-deadline.middleware';
import { PROJECT_ROOT } from './database/database-options';
import { DEFAULT_DATABASE_TIMEOUT_MS, watchdogOf } from './database/mysql-watchdog';
import { MetricsService } from './metrics/metrics.service';

/** Where the built frontend is served from. */
export const FRONTEND_DIST = join(PROJECT_ROOT, 'frontend', 'dist');

/** Body limits: sign-in bodies are tiny and unauthenticated; ingest batches hold up to 5,000 events. */
const AUTH_BODY_LIMIT = 16 * 1024;
const BODY_LIMIT = 16 * 1024 * 1024;

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Options of {@link createApp}. */
export interface CreateAppOptions extends AppOptions {
  /** Log levels; default from LOG_LEVEL. */
  logLevel?: LogLevel;
  /** Serve the built frontend (default true). */
  serveFrontend?: boolean;
}

/**
 * Builds the Nest application (API, sockets, frontend) without listening. Used by main.ts, the
 * seed command and the tests, so all of them run the same app.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const env = options.env ?? process.env;
  const level = options.logLevel ?? (env.LOG_LEVEL as LogLevel | undefined) ?? 'log';
  const levels = LEVELS.slice(0, Math.max(1, LEVELS.indexOf(level) + 1));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: env.LOG_FORMAT === 'json' ? new JsonLogger(levels) : levels,
    bodyParser: false,
  });
  // req.ip is the client's address behind the proxies TRUST_PROXY names (sign-in limits, audit).
  const config = app.get(ConfigService);
  app.set('trust proxy', trustProxySetting(config.get<string>('TRUST_PROXY') ?? 'off') ?? false);
  app.disable('x-powered-by');
  const metrics = app.get(MetricsService);
  app.use(httpMetrics(metrics.httpDuration));
  app.use(securityHeaders());
  // Sign-in bodies are tiny and unauthenticated: 16 KB, so nobody makes the server parse 16 MB
  // of name. The first JSON parser to run marks the body parsed; the 16 MB one then skips it.
  app.use('/api/auth', json({ limit: AUTH_BODY_LIMIT }));
  // Up to 5,000 events per batch: allow bodies up to 16 MB; larger ones get 413.
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // A refused body (413, bad JSON, charset) in the api.md shape, naming the limit.
  app.use(bodyErrors());
  // After the body parsers (their callbacks run outside any request's async context).
  const watchdog = watchdogOf(app.get(DataSource));
  if (watchdog) watchdog.timeoutMs = config.get<number>('DATABASE_TIMEOUT_MS') ?? DEFAULT_DATABASE_TIMEOUT_MS;
  metrics.watchDatabase(watchdog);
  app.use(
    '/api',
    requestDeadlines(() => watchdog),
  );
  app.useGlobalFilters(new DatabaseUnavailableFilter());
  // Every REST input is a DTO class checked here (POST /api/events keeps its own, faster validator).
  app.useGlobalPipes(createValidationPipe());
  // The OpenAPI document of every route: /api/docs (UI), /api/docs-json.
  serveOpenApi(app);
  const cluster = app.get(ClusterService);
  if (cluster.enabled) app.useWebSocketAdapter(new RedisIoAdapter(app, cluster));
  // SIGTERM/SIGINT: drain ingest, close sockets (clients reconnect elsewhere), exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  if (options.serveFrontend !== false && existsSync(FRONTEND_DIST)) {
    // Hashed bundles never change under their name; index.html is revalidated (below).
    app.useStaticAssets(join(FRONTEND_DIST, 'assets'), { prefix: '/assets/', maxAge: '365d', immutable: true });
    app.useStaticAssets(FRONTEND_DIST, { index: false, maxAge: '1h' });
    const index = join(FRONTEND_DIST, 'index.html');
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || /^\/(api|socket\.io|metrics)(\/|$)/.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
  return app;
}
