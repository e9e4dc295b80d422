import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's version: `version` of backend/package.json (the same file from src/ and dist/,
 * and in the Docker image). "unknown" if it cannot be read.
 */
export const APP_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();
