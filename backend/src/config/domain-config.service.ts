import { Injectable, Logger } from '@nestjs/common';
import { validateDomainConfig, type DomainConfig } from './domain-config';

/** What a listener of {@link DomainConfigService.onChange} is told. */
export interface DomainConfigChange {
  /** The configuration before the change. */
  previous: Readonly<DomainConfig>;
  /** The configuration now in force (the same object `current()` returns). */
  current: Readonly<DomainConfig>;
  /** Who changed it: an admin's name, `cli:<user>`, or what the server itself did (`stored`, `elsewhere`). */
  actor: string;
}

/** Called after each change; the change waits for what it returns. */
export type DomainConfigListener = (change: DomainConfigChange) => void | Promise<void>;

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The domain configuration in force. `current()` is a deeply frozen object that is never
 * changed: a change replaces it as a whole, so a reader holding it sees one consistent
 * configuration.
 *
 * Change notifications: `onChange(listener)`. Listeners run one after another, in the order they
 * were added, after the new configuration is in force; `replace`/`update` resolve when the last
 * one has finished (so an admin's request answers after the cases are refolded and the live state
 * rebuilt). A listener that fails does not stop the others; the change stands and its first
 * error is thrown to whoever made it.
 *
 * Storing the configuration (and picking up changes other instances stored) is the admin
 * module's business: this service only holds, validates and announces it.
 */
@Injectable()
export class DomainConfigService {
  private readonly logger = new Logger(DomainConfigService.name);
  private config: Readonly<DomainConfig>;
  private readonly listeners: DomainConfigListener[] = [];

  /** @param initial a whole configuration (validated here; throws a DomainConfigError naming a bad field). */
  constructor(initial: DomainConfig) {
    this.config = deepFreeze(validateDomainConfig(initial));
  }

  /** The configuration in force (frozen; compare by reference to see whether it changed). */
  current(): Readonly<DomainConfig> {
    return this.config;
  }

  /**
   * Validates a {@link DomainConfigPatch} over the configuration in force and returns the
   * configuration it would make, without applying it. Throws a DomainConfigError naming the field.
   */
  preview(patch: unknown): DomainConfig {
    return validateDomainConfig(patch, this.config);
  }

  /** Validates a whole configuration and puts it in force. */
  async replace(next: DomainConfig, actor: string): Promise<Readonly<DomainConfig>> {
    return this.put(validateDomainConfig(next), actor);
  }

  /** Validates a {@link DomainConfigPatch} over the configuration in force and puts the result in force. */
  async update(patch: unknown, actor: string): Promise<Readonly<DomainConfig>> {
    return this.put(this.preview(patch), actor);
  }

  /** Adds a listener for changes; returns the function that removes it. */
  onChange(listener: DomainConfigListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private async put(next: DomainConfig, actor: string): Promise<Readonly<DomainConfig>> {
    const change: DomainConfigChange = { previous: this.config, current: deepFreeze(next), actor };
    this.config = change.current;
    this.logger.log(`domain configuration replaced by ${actor}`);
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.listeners]) {
      try {
        await listener(change);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    return change.current;
  }
}
