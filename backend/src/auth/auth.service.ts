import { randomUUID, timingSafeEqual } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toCityIso, type LoginResponse } from '@gridwall/shared';
import { Clock } from '../common/clock';
import { DatabaseUnavailableError } from '../common/db-errors';
import { DEMO_INGEST_KEY } from '../config/env';
import { AuditEntity, ROLES, TokenEntity, UserEntity, type Role, type TokenKind } from './auth.entities';
import { hashPassword, newToken, tokenHash, verifyPassword } from './passwords';
import type { Principal } from './principal';

/** Lifetime of a person's session. */
export const SESSION_MS = 12 * 3600_000;
/** Failed sign-ins allowed per window, per client address and per name. */
export const LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_MS = 5 * 60_000;
/** How long a resolved token is cached; a revocation on another instance takes effect within it. */
const CACHE_MS = 30_000;

/** The fixed wall token of demo mode (documented in the README; never valid outside demo mode). */
export const DEMO_WALL_TOKEN = 'demo-wall-token';

/** Demo users created on the first demo start (documented in the README). */
export const DEMO_USERS: { name: string; password: string; role: Role; districtCode?: string }[] = [
  { name: 'admin', password: 'admin-demo', role: 'admin' },
  { name: 'leader', password: 'leader-demo', role: 'leader' },
  { name: 'zhongyuan', password: 'district-demo', role: 'district', districtCode: '410102' },
  { name: 'jinshui', password: 'district-demo', role: 'district', districtCode: '410105' },
];

/** A token as shown to an admin (never the token itself). */
export interface TokenView {
  id: string;
  kind: TokenKind;
  role: Role;
  label: string;
  districtCode: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

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
  private readonly failures = new Map<string, number[]>();
  readonly demo: boolean;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    @InjectRepository(AuditEntity) private readonly audits: Repository<AuditEntity>,
    private readonly clock: Clock,
    config: ConfigService,
  ) {
    this.demo = Boolean(config.get('DEMO'));
    const keys = String(config.get('INGEST_KEYS') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (this.demo) keys.push(DEMO_INGEST_KEY);
    this.envKeys = keys.map((k) => Buffer.from(k));
  }

  async onModuleInit(): Promise<void> {
    if (!this.demo) return;
    for (const u of DEMO_USERS) {
      if (await this.users.findOne({ where: { name: u.name } })) continue;
      await this.createUser(u.name, u.password, u.role, u.districtCode ?? null, 'demo-setup');
    }
    if (!(await this.tokens.findOne({ where: { tokenHash: tokenHash(DEMO_WALL_TOKEN) } }))) {
      await this.storeToken(DEMO_WALL_TOKEN, 'screen', 'wall', '演示大屏', null, null, null, 'demo-setup');
    }
  }

  /** The principal of a bearer token, or null when it is unknown, expired or revoked. */
  async resolve(token: string | undefined | null): Promise<Principal | null> {
    if (!token) return null;
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
        };
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expiresAt: principal ? row!.expiresAt : null, until: Date.now() + CACHE_MS });
    return principal;
  }

  /** Signs a person in: a session token for 12 hours. Rate-limited per address and per name. */
  async login(name: string, password: string, address: string): Promise<LoginResponse> {
    const now = this.clock.now();
    for (const key of [`ip:${address}`, `name:${name}`]) {
      const recent = (this.failures.get(key) ?? []).filter((t) => t > Date.now() - LOGIN_WINDOW_MS);
      if (recent.length >= LOGIN_FAILURES) {
        await this.audit(name, 'login-throttled', `from ${address}`);
        throw new HttpException(
          { statusCode: 429, error: 'Too Many Requests', message: 'too many failed sign-ins; wait 5 minutes' },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    const user = await this.users.findOne({ where: { name } });
    // Hash even for an unknown name, so response time does not reveal which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash()));
    if (!user || !ok || user.disabled) {
      for (const key of [`ip:${address}`, `name:${name}`]) {
        this.failures.set(key, [...(this.failures.get(key) ?? []), Date.now()].slice(-LOGIN_FAILURES));
      }
      if (this.failures.size > 10_000) this.failures.clear();
      await this.audit(name, 'login-failed', `from ${address}`);
      throw new UnauthorizedException('name or password is wrong');
    }
    const token = newToken();
    const expiresAt = now + SESSION_MS;
    await this.storeToken(token, 'session', user.role, user.name, user.id, user.districtCode, expiresAt, user.name);
    await this.audit(user.name, 'login', `role ${user.role} from ${address}`);
    return {
      token,
      role: user.role,
      name: user.name,
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
    if (p.tokenId) await this.revoke(p.tokenId, p.name);
  }

  /** Creates a user; the password is stored as an scrypt hash. */
  async createUser(
    name: string,
    password: string,
    role: Role,
    districtCode: string | null,
    by: string,
  ): Promise<UserEntity> {
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
    const sessions = await this.tokens.find({ where: { userId: id } });
    for (const t of sessions) if (t.revokedAt === null) await this.revoke(t.id, by);
    await this.audit(by, 'user-disable', user.name);
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
    await this.storeToken(token, 'session', user.role, label, user.id, user.districtCode, null, by);
    await this.audit(by, 'token-create', `user token ${label} for ${userName}`);
    return token;
  }

  /** Screen tokens and ingest keys (not sessions). */
  async listTokens(): Promise<TokenView[]> {
    const rows = await this.tokens.find({ order: { createdAt: 'DESC' } });
    return rows.filter((r) => r.kind !== 'session').map(toView);
  }

  /** Revokes a token: it stops working at once here, within 30 s on other instances. */
  async revoke(id: string, by: string): Promise<void> {
    const row = await this.tokens.findOne({ where: { id } });
    if (!row) throw new NotFoundException(`id: no token ${id}`);
    if (row.revokedAt === null) {
      await this.tokens.update({ id }, { revokedAt: this.clock.now() });
      this.cache.delete(row.tokenHash);
      await this.audit(by, 'token-revoke', `${row.kind} ${row.label}`);
    }
  }

  /** The newest audit entries. */
  async auditLog(limit = 200): Promise<AuditEntity[]> {
    return this.audits.find({ order: { id: 'DESC' }, take: Math.min(1000, limit) });
  }

  /** Records an action in the audit log (and the application log). */
  async audit(actor: string, action: string, detail: string): Promise<void> {
    this.logger.log(`audit: ${action} by ${actor}: ${detail}`);
    await this.audits.insert({ at: this.clock.now(), actor: actor.slice(0, 100), action, detail });
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
      principal: { role, name: label, districtCode, tokenId: row.id, kind },
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

function toView(r: TokenEntity): TokenView {
  return {
    id: r.id,
    kind: r.kind,
    role: r.role,
    label: r.label,
    districtCode: r.districtCode,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
  };
}
