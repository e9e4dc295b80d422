import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, type Repository } from 'typeorm';
import { AUTH_ENDED, type AuthEnded } from '../../auth/auth-events';
import { TokenEntity } from '../../auth/auth.entities';
import { AuthService } from '../../auth/auth.service';

/** How often the token table is read for revocations made elsewhere. */
export const REVOCATION_POLL_MS = 2000;
/**
 * Revocations are looked for back to this long before the newest one seen: `revoked_at` is
 * stamped by whichever process revoked (another server, the admin CLI), whose clock may differ.
 */
const SKEW_MS = 10 * 60_000;

/**
 * Makes a revocation made anywhere end everything it granted on this server within
 * {@link REVOCATION_POLL_MS} (plus a query): a token revoked by the admin CLI (which has no
 * sockets and no event bus) or by another instance is dropped from the token cache, so REST
 * refuses it, and announced as `auth.ended`, so its open sockets end. Revocations made by this
 * server already did both; announcing them again ends nothing twice (their sockets are gone).
 * Reads `auth_token` by its `revoked_at` index.
 */
@Injectable()
export class RevocationWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevocationWatcher.name);
  private timer: NodeJS.Timeout | undefined;
  /** The newest revocation time seen (the revoking process's clock). */
  private newest = 0;
  /** Revocations already handled, by token id, with their time (kept for {@link SKEW_MS}). */
  private readonly seen = new Map<string, number>();
  private busy = false;
  private lastError = 0;

  constructor(
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    private readonly auth: AuthService,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // What was revoked before this server started needs nothing: its cache is empty.
    await this.check(false).catch(() => undefined);
    this.timer = setInterval(() => void this.check(true), REVOCATION_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One look; `announce` false only records what is there. Never throws. */
  async check(announce = true): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const rows = await this.tokens.find({
        select: { id: true, tokenHash: true, revokedAt: true },
        where: { revokedAt: MoreThanOrEqual(Math.max(0, this.newest - SKEW_MS)) },
      });
      const ended: string[] = [];
      for (const r of rows) {
        const at = Number(r.revokedAt);
        if (at > this.newest) this.newest = at;
        if (this.seen.has(r.id)) continue;
        this.seen.set(r.id, at);
        this.auth.forgetToken(r.tokenHash);
        ended.push(r.id);
      }
      for (const [id, at] of this.seen) if (at < this.newest - SKEW_MS) this.seen.delete(id);
      if (announce && ended.length > 0) {
        this.events.emit(AUTH_ENDED, {
          tokenIds: ended,
          userIds: [],
          reason: 'the credential was revoked',
        } satisfies AuthEnded);
      }
    } catch (err) {
      if (Date.now() - this.lastError > 60_000) {
        this.lastError = Date.now();
        this.logger.warn(`cannot read revocations: ${(err as Error).message}`);
      }
    } finally {
      this.busy = false;
    }
  }
}
