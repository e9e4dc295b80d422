import { randomUUID, timingSafeEqual } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  UnauthorizedException,
  type OnModuleInit,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toCityIso, type LoginResponse } from '@gridwall/shared';
import { Clock } from '../common/clock';
import { DatabaseUnavailableError } from '../common/db-errors';
import { DEMO_INGEST_KEY } from '../config/env';
import { AUTH_ENDED, type AuthEnded } from './auth-events';
import { AuditEntity, ROLES, TokenEntity, UserEntity, type Role, type TokenKind } from './auth.entities';
import { DEMO_USERS, DEMO_WALL_TOKEN, isDemoPassword } from './demo-credentials';
import { isRefusal, LoginLimiter } from './login-limiter';
import { hashPassword, newToken, tokenHash, verifyPassword } from './passwords';
import { toView, type TokenView } from './token-view';
import type { Principal } from './principal';

/** Lifetime of a person's session. */
export const SESSION_MS = 12 * 3600_000;
export { LOGIN_FAILURES, LOGIN_WINDOW_MS } from './login-limiter';
/** How long a resolved token is cached; a revocation on another instance takes effect within it. */
const CACHE_MS = 30_000;

export { DEMO_USERS, DEMO_WALL_TOKEN } from './demo-credentials';

export type { TokenView } from './token-view';

/**
 * Sign-in, bearer tokens and the audit log. Passwords are stored with scrypt; tokens are random
 * and stored as SHA-256 hashes, so a database leak yields no usable credential.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  private readonly envKeys: Buffer[];
  /** Resolved tokens (with their expiry, so a cached session still ends on time). */
  private readonly cache = new Map<string, { principal: Principal | null; expiresAt: number | null; until: number }>();
  private readonly limiter: LoginLimiter;
  readonly demo: boolean;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    @InjectRepository(AuditEntity) private readonly audits: Repository<AuditEntity>,
    private readonly clock: Clock,
    config: ConfigService,
    @Optional() private readonly events?: EventEmitter2,
  ) {
    this.demo = Boolean(config.get('DEMO'));
    const keys = String(config.get('INGEST_KEYS') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (this.demo) keys.push(DEMO_INGEST_KEY);
    this.limiter = new LoginLimiter(clock);
    // The demo key is public: outside demo mode it is refused even when listed in INGEST_KEYS.
    this.envKeys = keys.filter((k) => this.demo || k !== DEMO_INGEST_KEY).map((k) => Buffer.from(k));
  }

  async onModuleInit(): Promise<void> {
    if (!this.demo) return;
    for (const u of DEMO_USERS) {
      const found = await this.users.findOne({ where: { name: u.name } });
      if (found) {
        // A demo database from before display names: give them theirs.
        if (found.displayName === null) await this.users.update({ id: found.id }, { displayName: u.displayName });
        continue;
      }
      await this.createUser(u.name, u.password, u.role, u.districtCode ?? null, 'demo-setup', u.displayName);
    }
    if (!(await this.tokens.findOne({ where: { tokenHash: tokenHash(DEMO_WALL_TOKEN) } }))) {
      await this.storeToken(DEMO_WALL_TOKEN, 'screen', 'wall', '演示大屏', null, null, null, 'demo-setup');
    }
  }

  /** Drops a token from the cache (it was revoked elsewhere: RevocationWatcher). */
  forgetToken(tokenHash: string): void {
    this.cache.delete(tokenHash);
  }

  /** The principal of a bearer token, or null when it is unknown, expired or revoked. */
  async resolve(token: string | undefined | null): Promise<Principal | null> {
    if (!token || (!this.demo && token === DEMO_WALL_TOKEN)) return null;
    const given = Buffer.from(token);
    if (this.envKeys.some((k) => k.length === given.length && timingSafeEqual(k, given))) {
      return { role: 'ingest', name: 'INGEST_KEYS', districtCode: null, tokenId: null, kind: 'env' };
    }
    const hash = tokenHash(token);
    const now = this.clock.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now() && (hit.expiresAt === null || hit.expiresAt > now)) return hit.principal;
    let row: TokenEntity | null;
    try {
      row = await this.tokens.findOne({ where: { tokenHash: hash } });
    } catch (err) {
      // The database is away: a token seen recently stays valid; an unknown one cannot be checked.
      if (hit) return hit.principal;
      throw new DatabaseUnavailableError(err);
    }
    let principal: Principal | null = null;
    if (row && row.revokedAt === null && (row.expiresAt === null || row.expiresAt > now)) {
      const user = row.userId ? await this.users.findOne({ where: { id: row.userId } }) : null;
      if (!row.userId || (user && !user.disabled)) {
        principal = {
          role: row.role,
          name: row.label,
          districtCode: row.districtCode,
          tokenId: row.id,
          kind: row.kind,
          expiresAt: row.expiresAt,
          userId: row.userId,
          displayName: user ? (user.displayName ?? user.name) : row.label,
        };
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expiresAt: principal ? row!.expiresAt : null, until: Date.now() + CACHE_MS });
    return principal;
  }

  /**
   * Signs a person in: a session token for 12 hours. Rate-limited per address and per name
   * (login-limiter.ts); outside demo mode the published demo passwords never sign anyone in.
   */
  async login(name: string, password: string, address: string): Promise<LoginResponse> {
    const now = this.clock.now();
    const attempt = this.limiter.reserve([`ip:${address}`, `name:${name}`]);
    if (isRefusal(attempt)) {
      if (attempt.audit) {
        const more = attempt.unaudited ? `; ${attempt.unaudited} more refused since the last entry` : '';
        await this.audit(name, 'login-throttled', `from ${address} (${attempt.key.split(':')[0]} limit${more})`);
      }
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'too many failed sign-ins; wait 5 minutes' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.users.findOne({ where: { name } }).catch((err: unknown) => {
      this.limiter.release(attempt); // the database failed, not the password
      throw err;
    });
    // Hash even for an unknown name, so response time does not reveal which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash()));
    const demoOnly = !this.demo && isDemoPassword(name, password);
    if (!user || !ok || user.disabled || demoOnly) {
      await this.audit(name, 'login-failed', `from ${address}${demoOnly ? ' (demo password outside demo mode)' : ''}`);
      throw new UnauthorizedException('name or password is wrong');
    }
    this.limiter.release(attempt);
    const token = newToken();
    const expiresAt = now + SESSION_MS;
    await this.storeToken(
      token,
      'session',
      user.role,
      user.name,
      user.id,
      user.districtCode,
      expiresAt,
      user.name,
      user.displayName ?? user.name,
    );
    await this.audit(user.name, 'login', `role ${user.role} from ${address}`);
    return {
      token,
      role: user.role,
      name: user.name,
      displayName: user.displayName ?? user.name,
      districtCode: user.districtCode,
      expiresAt: toCityIso(expiresAt),
    };
  }

  private dummy: string | undefined;
  private async dummyHash(): Promise<string> {
    this.dummy ??= await hashPassword(newToken());
    return this.dummy;
  }

  /** Ends a session (revokes its token). */
  async logout(p: Principal): Promise<void> {
    if (p.tokenId) await this.revoke(p.tokenId, p.name, 'the session was signed out');
  }

  /** Creates a user; the password is stored as an scrypt hash. */
  async createUser(
    name: string,
    password: string,
    role: Role,
    districtCode: string | null,
    by: string,
    displayName: string | null = null,
  ): Promise<UserEntity> {
    const shown = checkDisplayName(displayName);
    if (!/^[A-Za-z0-9._-]{2,64}$/.test(name))
      throw new HttpException({ statusCode: 400, error: 'Bad Request', message: 'name: 2–64 of [A-Za-z0-9._-]' }, 400);
    if (password.length < 8)
      throw new HttpException(
        { statusCode: 400, error: 'Bad Request', message: 'password: at least 8 characters' },
        400,
      );
    if (!(ROLES as readonly string[]).includes(role) || role === 'ingest' || role === 'wall') {
      throw new HttpException(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'role: one of leader, district, admin (screens and upstream systems get tokens)',
        },
        400,
      );
    }
    if (role === 'district' && !districtCode) {
      throw new HttpException(
        { statusCode: 400, error: 'Bad Request', message: 'districtCode: required for a district user' },
        400,
      );
    }
    if (await this.users.findOne({ where: { name } })) throw new ConflictException(`name: ${name} exists`);
    const user = Object.assign(new UserEntity(), {
      id: randomUUID(),
      name,
      passwordHash: await hashPassword(password),
      role,
      displayName: shown,
      districtCode: role === 'district' ? districtCode : null,
      disabled: false,
      createdAt: this.clock.now(),
    });
    await this.users.insert(user);
    await this.audit(by, 'user-create', `${name} (${role}${user.districtCode ? ` ${user.districtCode}` : ''})`);
    return user;
  }

  /** Every user (without password hashes). */
  async listUsers(): Promise<Omit<UserEntity, 'passwordHash'>[]> {
    const rows = await this.users.find({ order: { name: 'ASC' } });
    return rows.map(({ passwordHash: _h, ...rest }) => rest);
  }

  /** Disables a user and revokes their sessions. */
  async disableUser(id: string, by: string): Promise<void> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundException(`id: no user ${id}`);
    await this.users.update({ id }, { disabled: true });
    await this.endSessionsOf(id, by, 'the user was disabled');
    await this.audit(by, 'user-disable', user.name);
  }

  /**
   * Gives a user a new password and revokes every token bound to them (sessions, user tokens):
   * they sign in again with it. The published demo passwords are refused outside demo mode.
   */
  async resetPassword(name: string, password: string, by: string): Promise<void> {
    const user = await this.users.findOne({ where: { name } });
    if (!user) throw new NotFoundException(`name: no user ${name}`);
    if (password.length < 8)
      throw new HttpException(
        { statusCode: 400, error: 'Bad Request', message: 'password: at least 8 characters' },
        400,
      );
    if (!this.demo && isDemoPassword(name, password)) {
      throw new HttpException(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'password: a published demo password works only in demo mode',
        },
        400,
      );
    }
    await this.users.update({ id: user.id }, { passwordHash: await hashPassword(password) });
    await this.endSessionsOf(user.id, by, 'the password was reset');
    await this.audit(by, 'user-password-reset', user.name);
  }

  /** Sets (null: clears) the name people read for a user. */
  async setDisplayName(name: string, displayName: string | null, by: string): Promise<void> {
    const shown = checkDisplayName(displayName);
    const user = await this.users.findOne({ where: { name } });
    if (!user) throw new NotFoundException(`name: no user ${name}`);
    await this.users.update({ id: user.id }, { displayName: shown });
    // Cached principals carry the old name: they pick the new one up with their next lookup.
    this.cache.clear();
    await this.audit(by, 'user-display-name', `${name}: ${shown ?? '(none)'}`);
  }

  /** Re-enables a disabled user (their old sessions stay revoked: they sign in again). */
  async enableUser(name: string, by: string): Promise<void> {
    const user = await this.users.findOne({ where: { name } });
    if (!user) throw new NotFoundException(`name: no user ${name}`);
    if (!user.disabled) return;
    await this.users.update({ id: user.id }, { disabled: false });
    await this.audit(by, 'user-enable', user.name);
  }

  /** Revokes every token bound to a user and ends their sockets. */
  private async endSessionsOf(userId: string, by: string, reason: string): Promise<void> {
    const sessions = await this.tokens.find({ where: { userId } });
    for (const t of sessions) if (t.revokedAt === null) await this.revoke(t.id, by, reason);
    this.events?.emit(AUTH_ENDED, { tokenIds: [], userIds: [userId], reason } satisfies AuthEnded);
  }

  /** Creates a long-lived screen token (role wall) or an ingest key; the token is returned once. */
  async createToken(kind: 'screen' | 'ingest', label: string, by: string): Promise<{ token: string; view: TokenView }> {
    if (!label || label.length > 100)
      throw new HttpException({ statusCode: 400, error: 'Bad Request', message: 'label: 1–100 characters' }, 400);
    const token = newToken();
    const row = await this.storeToken(token, kind, kind === 'screen' ? 'wall' : 'ingest', label, null, null, null, by);
    return { token, view: toView(row) };
  }

  /**
   * A non-expiring token of a person's role, bound to an existing user (tests, and automation
   * run by an admin). Revocable like any token.
   */
  async issueUserToken(userName: string, label: string, by: string): Promise<string> {
    const user = await this.users.findOne({ where: { name: userName } });
    if (!user) throw new NotFoundException(`name: no user ${userName}`);
    const token = newToken();
    await this.storeToken(
      token,
      'session',
      user.role,
      label,
      user.id,
      user.districtCode,
      null,
      by,
      user.displayName ?? user.name,
    );
    await this.audit(by, 'token-create', `user token ${label} for ${userName}`);
    return token;
  }

  /** Screen tokens and ingest keys (not sessions). */
  async listTokens(): Promise<TokenView[]> {
    const rows = await this.tokens.find({ order: { createdAt: 'DESC' } });
    return rows.filter((r) => r.kind !== 'session').map(toView);
  }

  /**
   * Revokes a token: refused at once here, within seconds on every other server and when revoked
   * by the admin CLI (RevocationWatcher); its sockets end at once everywhere.
   */
  async revoke(id: string, by: string, reason = 'the token was revoked'): Promise<void> {
    const row = await this.tokens.findOne({ where: { id } });
    if (!row) throw new NotFoundException(`id: no token ${id}`);
    if (row.revokedAt === null) {
      await this.tokens.update({ id }, { revokedAt: this.clock.now() });
      this.cache.delete(row.tokenHash);
      await this.audit(by, 'token-revoke', `${row.kind} ${row.label}`);
    }
    this.events?.emit(AUTH_ENDED, { tokenIds: [id], userIds: [], reason } satisfies AuthEnded);
  }

  /** The newest audit entries. */
  async auditLog(limit = 200): Promise<AuditEntity[]> {
    return this.audits.find({ order: { id: 'DESC' }, take: Math.min(1000, limit) });
  }

  /** Records an action in the audit log (and the application log). */
  async audit(actor: string, action: string, detail: string): Promise<void> {
    // Actors and details may come from unauthenticated input: both are bounded.
    const who = actor.slice(0, 100);
    const what = detail.slice(0, 500);
    this.logger.log(`audit: ${action} by ${who}: ${what}`);
    await this.audits.insert({ at: this.clock.now(), actor: who, action, detail: what });
  }

  private async storeToken(
    token: string,
    kind: TokenKind,
    role: Role,
    label: string,
    userId: string | null,
    districtCode: string | null,
    expiresAt: number | null,
    by: string,
    displayName: string | null = null,
  ): Promise<TokenEntity> {
    const row = Object.assign(new TokenEntity(), {
      id: randomUUID(),
      tokenHash: tokenHash(token),
      kind,
      role,
      userId,
      districtCode,
      label,
      createdAt: this.clock.now(),
      expiresAt,
      revokedAt: null,
    });
    await this.tokens.insert(row);
    if (kind !== 'session') await this.audit(by, 'token-create', `${kind} ${label}`);
    this.cache.set(row.tokenHash, {
      principal: {
        role,
        name: label,
        districtCode,
        tokenId: row.id,
        kind,
        expiresAt,
        userId,
        displayName: displayName ?? label,
      },
      expiresAt,
      until: Date.now() + CACHE_MS,
    });
    return row;
  }

  /** Throws 403 unless the principal may see case details in `districtCode`. */
  assertDetailAccess(p: Principal, districtCode: string | null, what: string): void {
    if (p.role === 'leader' || p.role === 'admin') return;
    if (p.role === 'district' && p.districtCode && districtCode === p.districtCode) return;
    throw new ForbiddenException(
      `${what}: role ${p.role}${p.districtCode ? ` of ${p.districtCode}` : ''} may not see case details there`,
    );
  }
}

/** Most characters of a display name. */
export const DISPLAY_NAME_MAX = 32;

/** A display name as stored: trimmed, 1–32 characters without control characters; null for none. */
export function checkDisplayName(displayName: string | null | undefined): string | null {
  if (displayName === null || displayName === undefined) return null;
  const v = String(displayName).trim();
  // eslint-disable-next-line no-control-regex
  if (v.length < 1 || [...v].length > DISPLAY_NAME_MAX || /[\u0000-\u001f\u007f]/.test(v)) {
    throw new HttpException(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: `displayName: 1–${DISPLAY_NAME_MAX} characters, no control characters`,
      },
      400,
    );
  }
  return v;
}
