import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';

/** Why a property failed, without class-validator's leading property name. */
function reason(error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  if (constraints.whitelistValidation) return ['is not an accepted field here'];
  const prefix = `${error.property} `;
  return [...new Set(Object.values(constraints))].map((m) => (m.startsWith(prefix) ? m.slice(prefix.length) : m));
}

function collect(errors: ValidationError[], parent: string, out: string[]): void {
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    // A DTO message may already name its field (`target.kind: …`): keep it as written.
    for (const why of reason(e)) out.push(why.startsWith(`${path}:`) ? why : `${path}: ${why}`);
    if (e.children?.length) collect(e.children, path, out);
  }
}

/**
 * The api.md error message of failed DTO validations: `<field>: <why>` for each bad field,
 * joined by `; ` (nested fields as `a.b`).
 */
export function validationMessage(errors: ValidationError[]): string {
  const out: string[] = [];
  collect(errors, '', out);
  return out.join('; ') || 'request: is not valid';
}

/**
 * A ValidationPipe for HTTP only. Global pipes also run on socket handlers, where payloads have
 * their own pipe and error type (`live/socket/ws-validation.pipe.ts`); a socket payload's
 * metadata type is numeric, so it is handed on untouched here.
 */
class RestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param')
      return Promise.resolve(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The global pipe of every REST input: DTO classes validated with class-validator, unknown fields
 * refused, values transformed to the DTO's types, and a failure answered as api.md has it:
 * `{statusCode: 400, error: 'Bad Request', message: '<field>: <why>'}`. Each property stops at
 * its first failed rule. Socket payloads are left to their gateways' pipe.
 */
export function createValidationPipe(): ValidationPipe {
  return new RestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(validationMessage(errors)),
  });
}

/**
 * A query parameter read as a number: absent stays absent (so the DTO's default holds), a string
 * goes through `Number` (`'abc'` and `''` become NaN, which the number rules then refuse).
 */
export function QueryNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    return value.trim() === '' ? Number.NaN : Number(value);
  });
}
