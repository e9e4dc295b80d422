import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictException, HttpException, UnauthorizedException } from '@nestjs/common';
import { toCityIso } from '@gridwall/shared';
import type { ManualClock } from '../common/clock';
import { sqliteDatabase, type TestDatabase } from '../testing/databases';
import { TEST_INGEST_KEY, startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import { AuthService, LOGIN_FAILURES, SESSION_MS } from './auth.service';

const PASSWORD = 'correct-horse-battery';

/** The status a rejected call answered with. */
async function statusOf(p: Promise<unknown>): Promise<number> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HttpException)) throw new Error(`expected an HttpException, got ${String(err)}`);
  return err.getStatus();
}

describe(AuthService.name, () => {
  let db: TestDatabase;
  let app: TestApp;
  let clock: ManualClock;
  let sut: AuthService;
  let n = 0;
  /** A fresh user name per test, so rate limits and audit entries never mix. */
  const fresh = (what: string) => `u${++n}-${what}`;

  /** The audit entries about `subject` (as actor or in the detail), oldest first. */
  const auditOf = async (subject: string) =>
    (await sut.auditLog(1000)).filter((a) => a.actor === subject || a.detail.includes(subject)).reverse();

  beforeAll(async () => {
    db = sqliteDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    clock = app.clock as ManualClock;
    sut = app.app.get(AuthService);
  });

  afterEach(() => clock.set(TEST_NOW));

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('createUser', () => {
    it('creates a user who can sign in, audited with the creator', async () => {
      const name = fresh('leader');
      const user = await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      expect(user).toMatchObject({ name, role: 'leader', districtCode: null, disabled: false, createdAt: TEST_NOW });
      expect(user.passwordHash).not.toContain(PASSWORD);
      expect((await sut.login(name, PASSWORD, '10.0.0.1')).role).toBe('leader');
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: 'root-admin', action: 'user-create', detail: `${name} (leader)` }),
      );
    });

    it('refuses a short password, a district user without district, an existing name and role wall', async () => {
      const name = fresh('bad');
      expect(await statusOf(sut.createUser(name, 'short', 'leader', null, 'a'))).toBe(400);
      expect(await statusOf(sut.createUser(name, PASSWORD, 'district', null, 'a'))).toBe(400);
      expect(await statusOf(sut.createUser(name, PASSWORD, 'wall', null, 'a'))).toBe(400);
      await sut.createUser(name, PASSWORD, 'admin', null, 'a');
      await expect(sut.createUser(name, PASSWORD, 'leader', null, 'a')).rejects.toBeInstanceOf(ConflictException);
      expect((await sut.listUsers()).filter((u) => u.name === name)).toHaveLength(1);
    });
  });

  describe('login', () => {
    it('gives a 12-hour session whose principal has the user’s role and district', async () => {
      const name = fresh('district');
      await sut.createUser(name, PASSWORD, 'district', '410105', 'root-admin');
      const res = await sut.login(name, PASSWORD, '10.0.0.2');
      expect(res).toMatchObject({ role: 'district', name, districtCode: '410105' });
      expect(res.expiresAt).toBe(toCityIso(TEST_NOW + SESSION_MS));
      expect(await sut.resolve(res.token)).toMatchObject({
        role: 'district',
        name,
        districtCode: '410105',
        kind: 'session',
      });
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: name, action: 'login', detail: 'role district from 10.0.0.2' }),
      );
    });

    it('answers 401 to a wrong password or an unknown name, and audits the attempt', async () => {
      const name = fresh('wrong');
      await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      await expect(sut.login(name, 'not-the-password', '10.0.0.3')).rejects.toBeInstanceOf(UnauthorizedException);
      const ghost = fresh('ghost');
      expect(await statusOf(sut.login(ghost, PASSWORD, '10.0.0.3'))).toBe(401);
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: name, action: 'login-failed', detail: 'from 10.0.0.3' }),
      );
      expect((await auditOf(ghost)).map((a) => a.action)).toEqual(['login-failed']);
    });

    it(`answers 429 after ${LOGIN_FAILURES} failures, even with the right password, per name and per address`, async () => {
      const name = fresh('throttled');
      await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      for (let i = 0; i < LOGIN_FAILURES; i++) {
        expect(await statusOf(sut.login(name, `wrong-${i}-password`, '10.0.1.1'))).toBe(401);
      }
      expect(await statusOf(sut.login(name, PASSWORD, '10.0.1.1'))).toBe(429);
      // The name is throttled from any address, the address for any name.
      expect(await statusOf(sut.login(name, PASSWORD, '10.0.1.2'))).toBe(429);
      const other = fresh('same-address');
      await sut.createUser(other, PASSWORD, 'leader', null, 'root-admin');
      expect(await statusOf(sut.login(other, PASSWORD, '10.0.1.1'))).toBe(429);
      expect((await sut.login(other, PASSWORD, '10.0.1.3')).role).toBe('leader');
      expect((await auditOf(name)).filter((a) => a.action === 'login-throttled')).toHaveLength(2);
    });

    it('refuses a disabled user with 401', async () => {
      const name = fresh('gone');
      const user = await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      await sut.disableUser(user.id, 'root-admin');
      expect(await statusOf(sut.login(name, PASSWORD, '10.0.0.4'))).toBe(401);
    });
  });

  describe('resolve', () => {
    it('ends a session when its 12 hours are over, also after it was resolved once', async () => {
      const name = fresh('expiring');
      await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      const { token } = await sut.login(name, PASSWORD, '10.0.0.5');
      expect(await sut.resolve(token)).not.toBeNull();
      clock.set(TEST_NOW + SESSION_MS - 1);
      expect((await sut.resolve(token))?.role).toBe('leader');
      clock.set(TEST_NOW + SESSION_MS);
      expect(await sut.resolve(token)).toBeNull();
    });

    it('resolves a screen token to role wall and an ingest key to role ingest', async () => {
      const screen = await sut.createToken('screen', '指挥中心大屏', 'root-admin');
      const ingest = await sut.createToken('ingest', '数字城管平台', 'root-admin');
      expect(await sut.resolve(screen.token)).toMatchObject({ role: 'wall', name: '指挥中心大屏', kind: 'screen' });
      expect(await sut.resolve(ingest.token)).toMatchObject({ role: 'ingest', name: '数字城管平台', kind: 'ingest' });
      expect(await sut.resolve(TEST_INGEST_KEY)).toMatchObject({ role: 'ingest', kind: 'env', tokenId: null });
      // Long-lived: still valid a year on.
      clock.set(TEST_NOW + 365 * 24 * 3600_000);
      expect((await sut.resolve(screen.token))?.role).toBe('wall');
    });

    it('returns null for no token and for an unknown one', async () => {
      expect(await sut.resolve(undefined)).toBeNull();
      expect(await sut.resolve('')).toBeNull();
      expect(await sut.resolve('not-a-token')).toBeNull();
      expect(await sut.resolve(`${app.tokens.wall}x`)).toBeNull();
    });
  });

  describe('logout', () => {
    it('ends the session at once and audits it', async () => {
      const name = fresh('leaving');
      await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      const { token } = await sut.login(name, PASSWORD, '10.0.0.6');
      const principal = (await sut.resolve(token))!;
      await sut.logout(principal);
      expect(await sut.resolve(token)).toBeNull();
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: name, action: 'token-revoke', detail: `session ${name}` }),
      );
    });
  });

  describe('revoke', () => {
    it('stops a screen token at once, leaves other tokens working, and audits it', async () => {
      const label = fresh('screen');
      const screen = await sut.createToken('screen', label, 'root-admin');
      await sut.resolve(screen.token);
      await sut.revoke(screen.view.id, 'root-admin');
      expect(await sut.resolve(screen.token)).toBeNull();
      expect((await sut.resolve(app.tokens.wall))?.role).toBe('wall');
      expect((await sut.listTokens()).find((t) => t.id === screen.view.id)?.revokedAt).toBe(TEST_NOW);
      expect((await auditOf(label)).map((a) => [a.actor, a.action])).toEqual([
        ['root-admin', 'token-create'],
        ['root-admin', 'token-revoke'],
      ]);
    });

    it('answers 404 for an unknown token id', async () => {
      expect(await statusOf(sut.revoke('00000000-0000-0000-0000-000000000000', 'root-admin'))).toBe(404);
    });
  });

  describe('disableUser', () => {
    it('ends every session and user token of the user at once, and audits it', async () => {
      const name = fresh('disabled');
      const user = await sut.createUser(name, PASSWORD, 'district', '410102', 'root-admin');
      const a = (await sut.login(name, PASSWORD, '10.0.0.7')).token;
      const b = (await sut.login(name, PASSWORD, '10.0.0.8')).token;
      const automation = await sut.issueUserToken(name, `${name}-bot`, 'root-admin');
      for (const t of [a, b, automation]) expect(await sut.resolve(t)).not.toBeNull();
      await sut.disableUser(user.id, 'root-admin');
      for (const t of [a, b, automation]) expect(await sut.resolve(t)).toBeNull();
      expect((await sut.listUsers()).find((u) => u.id === user.id)?.disabled).toBe(true);
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: 'root-admin', action: 'user-disable', detail: name }),
      );
      expect((await sut.resolve(app.tokens.district))?.districtCode).toBe('410102');
    });
  });

  describe('enableUser and resetPassword', () => {
    it('lets a disabled user sign in again once enabled, with their old sessions still ended', async () => {
      const name = fresh('enabled');
      const user = await sut.createUser(name, PASSWORD, 'leader', null, 'root-admin');
      const before = (await sut.login(name, PASSWORD, '10.0.0.9')).token;
      await sut.disableUser(user.id, 'root-admin');
      expect(await statusOf(sut.login(name, PASSWORD, '10.0.0.9'))).toBe(401);
      await sut.enableUser(name, 'root-admin');
      expect((await sut.login(name, PASSWORD, '10.0.0.9')).role).toBe('leader');
      expect(await sut.resolve(before)).toBeNull();
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: 'root-admin', action: 'user-enable', detail: name }),
      );
      expect(await statusOf(sut.enableUser('nobody-here', 'root-admin'))).toBe(404);
    });

    it('sets a new password, ends every session of the user, and refuses a bad one naming it', async () => {
      const name = fresh('reset');
      await sut.createUser(name, PASSWORD, 'admin', null, 'root-admin');
      const session = (await sut.login(name, PASSWORD, '10.0.0.10')).token;
      const bot = await sut.issueUserToken(name, `${name}-bot`, 'root-admin');
      await sut.resetPassword(name, 'a-brand-new-password', 'root-admin');
      for (const t of [session, bot]) expect(await sut.resolve(t)).toBeNull();
      expect(await statusOf(sut.login(name, PASSWORD, '10.0.0.10'))).toBe(401);
      expect((await sut.login(name, 'a-brand-new-password', '10.0.0.10')).role).toBe('admin');
      expect(await auditOf(name)).toContainEqual(
        expect.objectContaining({ actor: 'root-admin', action: 'user-password-reset', detail: name }),
      );
      expect(await statusOf(sut.resetPassword(name, 'short', 'root-admin'))).toBe(400);
      // Outside demo mode a published demo password would never sign in: refused.
      await sut.createUser('leader', PASSWORD, 'leader', null, 'root-admin').catch(() => undefined);
      expect(await statusOf(sut.resetPassword('leader', 'leader-demo', 'root-admin'))).toBe(400);
      expect(await statusOf(sut.resetPassword('nobody-here', 'whatever-1234', 'root-admin'))).toBe(404);
    });
  });

  describe('createToken', () => {
    it('returns the token once and lists only its view, audited', async () => {
      const label = fresh('ingest');
      const { token, view } = await sut.createToken('ingest', label, 'root-admin');
      expect(view).toMatchObject({ kind: 'ingest', role: 'ingest', label, createdAt: TEST_NOW, revokedAt: null });
      const listed = (await sut.listTokens()).find((t) => t.id === view.id);
      expect(listed).toEqual(view);
      expect(JSON.stringify(await sut.listTokens())).not.toContain(token);
      expect(await auditOf(label)).toContainEqual(
        expect.objectContaining({ actor: 'root-admin', action: 'token-create', detail: `ingest ${label}` }),
      );
      expect(await statusOf(sut.createToken('screen', '', 'root-admin'))).toBe(400);
    });
  });

  describe('assertDetailAccess', () => {
    it('lets leaders anywhere and district users only into their own district', async () => {
      const leader = (await sut.resolve(app.tokens.leader))!;
      const district = (await sut.resolve(app.tokens.district))!;
      const wall = (await sut.resolve(app.tokens.wall))!;
      expect(() => sut.assertDetailAccess(leader, '410105', 'caseId')).not.toThrow();
      expect(() => sut.assertDetailAccess(district, '410102', 'caseId')).not.toThrow();
      expect(() => sut.assertDetailAccess(district, '410105', 'caseId')).toThrow(/410102/);
      expect(() => sut.assertDetailAccess(wall, '410102', 'caseId')).toThrow(/role wall/);
    });
  });
});
