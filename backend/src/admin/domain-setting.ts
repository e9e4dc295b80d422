import { defaultDomainConfig, validateDomainConfig, type DomainConfig } from '../config/domain-config';

/** Key of the stored domain configuration in `app_setting` (written by the API and the CLI). */
export const DOMAIN_SETTING_KEY = 'domain-config';

/**
 * Reads a stored configuration through the one validation every configuration passes. It is
 * taken as a patch over the defaults, so a row written before a field existed still loads.
 */
export function parseStoredDomainConfig(value: string): DomainConfig {
  return validateDomainConfig(JSON.parse(value), defaultDomainConfig());
}
