// Where things are.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The project root (bench/lib → ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH = resolve(ROOT, 'bench');
export const RESULTS = resolve(BENCH, 'results');
/** Scratch files (SQLite databases, logs); ignored by git. */
export const TMP = resolve(RESULTS, 'tmp');
