import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { RetryLaterError } from './db-errors';

/** Seconds a client is asked to wait before retrying when the database is down. */
export const RETRY_AFTER_SECONDS = 5;

/** Answers {@link RetryLaterError}s (database down, shutting down) with 503 and `Retry-After`. */
@Catch(RetryLaterError)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  private readonly logger = new Logger('Database');

  catch(exception: RetryLaterError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // Answered already (request-deadline.middleware.ts answered a request the database held).
    if (res.headersSent) return;
    this.logger.warn(
      `503: ${exception.message}${exception.cause ? ` (${String((exception.cause as Error)?.message ?? exception.cause)})` : ''}`,
    );
    res
      .status(503)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({ statusCode: 503, error: 'Service Unavailable', message: exception.message });
  }
}
