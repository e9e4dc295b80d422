import type { AreaTree } from '../areas/area-tree';
import { timeLimitMs, type DomainConfig } from '../config/domain-config';
import type { FoldContext } from './fold';

/**
 * What folding needs of a configuration and the area tree: each category's default time limit
 * (read from `config()` at every fold, so a replaced configuration applies at once) and each
 * node's level (from `tree()`, which may be loaded after this is made).
 */
export function foldContextOf(config: () => Readonly<DomainConfig>, tree: () => AreaTree): FoldContext {
  return {
    timeLimitMs: (category) => timeLimitMs(config(), category),
    levelOf: (code) => tree().levelOf(code),
  };
}
