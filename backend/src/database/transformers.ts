import type { ValueTransformer } from 'typeorm';

/**
 * BIGINT columns hold epoch milliseconds. mysql2 returns them as strings; this keeps them numbers
 * (all values fit in 2^53).
 */
export const bigintMs: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** 0/1 SMALLINT columns as booleans on both databases. */
export const smallBool: ValueTransformer = {
  to: (value: boolean | null | undefined) => (value === null || value === undefined ? value : value ? 1 : 0),
  from: (value: number | string | null) => (value === null ? null : Number(value) === 1),
};
