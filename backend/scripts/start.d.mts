/** Types of start.mjs (for the tests that import it). */
import type { AdminPackage } from './admin.mjs';

export const BUILDS: AdminPackage[];
export function staleBuilds(): string[];
