import { WsException } from '@nestjs/websockets';
import type { LiveError } from '@gridwall/shared';

/**
 * A refused socket request: its {@link LiveError} answer, and whether the socket is to be
 * disconnected after it (credential ended, flooding).
 */
export class LiveWsException extends WsException {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly disconnect = false,
  ) {
    super({ statusCode, message } satisfies LiveError);
  }

  /** The answer the client gets. */
  get liveError(): LiveError {
    return { statusCode: this.statusCode, message: this.message };
  }
}
