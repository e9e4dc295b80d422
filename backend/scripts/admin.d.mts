/** Types of admin.mjs (for the tests that import it). */
export interface AdminPackage {
  workspace: string;
  sources: string[];
  output: string;
}
export const PACKAGES: AdminPackage[];
export function newestSource(paths: string[]): number;
export function isStale(output: string, sources: string[]): boolean;
