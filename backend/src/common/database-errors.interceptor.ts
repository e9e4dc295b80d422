import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, map, Observable } from 'rxjs';
import { DatabaseTimeoutError, DatabaseUnavailableError, isConnectionError } from './db-errors';
import { currentRequest, finishRequest, RequestContext, runInRequest } from './request-context';

function mapped(err: unknown): unknown {
  return isConnectionError(err) && !(err instanceof DatabaseUnavailableError) && !(err instanceof DatabaseTimeoutError)
    ? new DatabaseUnavailableError(err)
    : err;
}

/**
 * Every request, REST or socket: a database that cannot be reached while the request runs (sign-in,
 * case details, rank history …) is a 503 with `Retry-After` (DatabaseUnavailableFilter), or a 503
 * answer on the socket, never a 500.
 *
 * A database that holds the request without answering: an HTTP request already runs in a
 * {@link RequestContext} (request-deadline.middleware.ts), and its late result is dropped once it
 * was answered 503; a socket request gets its context here and is answered 503 through its
 * acknowledgement (or `live-error`) when the database watchdog expires it.
 */
@Injectable()
export class DatabaseErrorsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'ws') return this.socketRequest(context, next);
    const ctx = currentRequest();
    return next.handle().pipe(
      map((value: unknown) => {
        // Answered 503 already: the filter sees the sent response and adds nothing.
        if (ctx?.expired) throw new DatabaseTimeoutError(Date.now() - ctx.startedAt);
        return value;
      }),
      catchError((err: unknown) => {
        throw mapped(err);
      }),
    );
  }

  private socketRequest(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = new RequestContext(`socket ${String(context.switchToWs().getPattern())}`);
    return new Observable<unknown>((subscriber) => {
      ctx.whenExpired((reason) => subscriber.error(reason));
      const inner = runInRequest(ctx, () =>
        next
          .handle()
          .pipe(
            catchError((err: unknown) => {
              throw mapped(err);
            }),
          )
          .subscribe(subscriber),
      );
      return () => {
        finishRequest(ctx);
        inner.unsubscribe();
      };
    });
  }
}
