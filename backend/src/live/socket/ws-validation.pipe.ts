import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { LiveWsException } from './live-ws.exception';

/** The first failed constraint's message, naming the field (`period: must be one of …`). */
export function firstValidationMessage(errors: ValidationError[], prefix = ''): string {
  for (const e of errors) {
    if (!e.property) return 'payload: must be an object';
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const constraint = e.constraints ? Object.values(e.constraints)[0] : undefined;
    if (constraint) return constraint.startsWith(`${path}:`) ? constraint : `${path}: ${constraint}`;
    if (e.children?.length) return firstValidationMessage(e.children, path);
  }
  return 'payload: invalid';
}

/**
 * Validates socket payloads against their DTO classes (class-validator): unknown fields and
 * wrong types are a 400 answer naming the field; the handler never runs.
 */
export const wsValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new LiveWsException(400, firstValidationMessage(errors)),
});
