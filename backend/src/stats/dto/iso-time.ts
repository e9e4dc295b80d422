import { parseIsoWithOffset } from '@gridwall/shared';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** An ISO-8601 time with offset, read as epoch ms (a value that does not parse is kept, and refused). */
export function IsoTime(): PropertyDecorator {
  const toMs = Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (parseIsoWithOffset(value) ?? value) : value,
  );
  const check = ValidateBy({
    name: 'isIsoTime',
    validator: {
      validate: (value: unknown) => typeof value === 'number',
      defaultMessage: (args) =>
        `must be an ISO-8601 time with offset (e.g. 2026-11-21T00:00:00+08:00), got ${JSON.stringify(args?.value)}`,
    },
  });
  return (target, key) => {
    toMs(target, key);
    check(target, key);
  };
}
