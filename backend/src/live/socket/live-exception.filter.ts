import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import type { BaseWsExceptionFilter } from '@nestjs/websockets';
import type { Ack, LiveError } from '@gridwall/shared';
import { RetryLaterError } from '../../common/db-errors';
import type { LiveSocket } from '../live-broadcaster.service';
import { LiveWsException } from './live-ws.exception';

const logger = new Logger('LiveSocket');

/** The {@link LiveError} of any error a socket handler throws. */
export function toLiveError(err: unknown): LiveError {
  if (err instanceof LiveWsException) return err.liveError;
  if (err instanceof RetryLaterError) return { statusCode: 503, message: err.message };
  if (err instanceof HttpException) {
    const body = err.getResponse();
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    return { statusCode: err.getStatus(), message: Array.isArray(message) ? message.join('; ') : String(message) };
  }
  logger.error(`socket request failed: ${(err as Error)?.stack ?? String(err)}`);
  return { statusCode: 500, message: 'internal error' };
}

/**
 * Answers a refused socket request: through its acknowledgement when the client passed one
 * (`{ok: false, error}`), as a `live-error` event otherwise. A credential that ended or a flood
 * disconnects the socket after the answer.
 */
@Catch()
export class LiveExceptionFilter implements Pick<BaseWsExceptionFilter, 'catch'> {
  catch(err: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const socket = ws.getClient<LiveSocket>();
    const ack = host.getArgByIndex<unknown>(2);
    const error = toLiveError(err);
    if (typeof ack === 'function') (ack as (a: Ack<never>) => void)({ ok: false, error });
    else socket.emit('live-error', error);
    if (err instanceof LiveWsException && err.disconnect) socket.disconnect(true);
  }
}
