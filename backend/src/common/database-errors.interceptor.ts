import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { DatabaseUnavailableError, isConnectionError } from './db-errors';

/**
 * Every request, REST or socket: a database that cannot be reached while the request runs (sign-in,
 * case details, rank history …) is a 503 with `Retry-After` (DatabaseUnavailableFilter), or a 503
 * answer on the socket, never a 500.
 */
@Injectable()
export class DatabaseErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        throw isConnectionError(err) && !(err instanceof DatabaseUnavailableError)
          ? new DatabaseUnavailableError(err)
          : err;
      }),
    );
  }
}
