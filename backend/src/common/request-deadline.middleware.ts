import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RETRY_AFTER_SECONDS } from './database-unavailable.filter';
import { finishRequest, RequestContext, runInRequest } from './request-context';

const logger = new Logger('Database');

/**
 * Runs every `/api` request (guards, pipes, handler) in a {@link RequestContext}, so a database
 * that stops answering cannot hold it: the database watchdog (database/mysql-watchdog.ts) expires
 * it once it has waited DATABASE_TIMEOUT_MS, and it is answered here, 503 with `Retry-After`, in
 * the api.md error shape. Whatever it still does afterwards reaches the database no more.
 * `/api/health` runs outside: it answers from a probe bounded by the same timeout.
 *
 * @param database the app's database watchdog (or undefined), so only its own stalls expire it
 */
export function requestDeadlines(database: () => unknown): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Mounted at /api: req.path is the rest of the path.
    if (req.path === '/health' || req.path.startsWith('/health/')) return next();
    const ctx = new RequestContext(`${req.method} ${req.path}`);
    ctx.database = database();
    ctx.whenExpired((reason) => {
      logger.warn(`503 for ${ctx.label}: ${reason.message}`);
      if (res.headersSent) return;
      res
        .status(503)
        .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
        .json({ statusCode: 503, error: 'Service Unavailable', message: reason.message });
    });
    const finish = () => finishRequest(ctx);
    res.once('finish', finish);
    res.once('close', finish);
    runInRequest(ctx, next);
  };
}
