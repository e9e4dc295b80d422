import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { WsResponse } from '@nestjs/websockets';
import type { Ack, ServerToClientEvents } from '@gridwall/shared';
import { map, type Observable } from 'rxjs';

const ANSWER_EVENT = 'gridwall:answer-event';

/**
 * Names the event that carries a request's answer to a client that passed no acknowledgement
 * (v1 clients: `snapshot`, `case`, `presenting`); without it such a client gets no answer.
 */
export const AnswerAs = (event: keyof ServerToClientEvents) => SetMetadata(ANSWER_EVENT, event);

/**
 * Turns a socket handler's result into its answer: `{ok: true, data}` through the
 * acknowledgement when the client passed one, else the {@link AnswerAs} event.
 */
@Injectable()
export class AnswerInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<Ack<unknown> | WsResponse | undefined> {
    const hasAck = typeof context.getArgByIndex<unknown>(2) === 'function';
    const event = this.reflector.get<string | undefined>(ANSWER_EVENT, context.getHandler());
    return next.handle().pipe(
      map((data: unknown) => {
        if (hasAck) return { ok: true, data } as Ack<unknown>;
        return event ? { event, data } : undefined;
      }),
    );
  }
}
