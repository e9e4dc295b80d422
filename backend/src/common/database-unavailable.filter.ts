import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DatabaseUnavailableError } from './db-errors';

/** Seconds a client is asked to wait before retrying when the database is down. */
export const RETRY_AFTER_SECONDS = 5;

/** Answers {@link DatabaseUnavailableError} with 503 and `Retry-After`. */
@Catch(DatabaseUnavailableError)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  private readonly logger = new Logger('Database');

  catch(exception: DatabaseUnavailableError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    this.logger.warn(`database unavailable: ${String((exception.cause as Error)?.message ?? exception.cause)}`);
    res
      .status(503)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({ statusCode: 503, error: 'Service Unavailable', message: exception.message });
  }
}
