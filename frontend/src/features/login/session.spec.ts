import { describe, expect, it } from 'vitest';
import {
  afterLogin,
  displayName,
  homeOf,
  loginErrorText,
  readSession,
  saveSession,
  SESSION_KEY,
  type Session,
} from './session';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

const session: Session = {
  token: 't',
  role: 'leader',
  name: 'leader',
  displayName: '王主任（市指挥中心）',
  districtCode: null,
  expiresAt: '2026-11-21T20:00:00.000Z',
};

describe('homeOf', () => {
  it('sends leaders and admins to the meeting and district heads to their district', () => {
    expect(homeOf('leader')).toBe('/meeting');
    expect(homeOf('admin')).toBe('/meeting');
    expect(homeOf('district')).toBe('/district');
    expect(homeOf('wall')).toBe('/login');
  });
});

describe('afterLogin', () => {
  it('returns to a tablet page asked for, never to another origin or page', () => {
    expect(afterLogin('leader', '/meeting?scope=410102')).toBe('/meeting?scope=410102');
    expect(afterLogin('district', '//evil.example/meeting')).toBe('/district');
    expect(afterLogin('leader', '/wall')).toBe('/meeting');
    expect(afterLogin('leader', '/meeting#x')).toBe('/meeting');
    expect(afterLogin('leader', '/district/410102')).toBe('/district/410102');
    expect(afterLogin('leader', null)).toBe('/meeting');
  });
});

describe('readSession', () => {
  it('reads back a saved session until it expires', () => {
    const sut = memoryStorage();
    saveSession(sut, session);
    expect(readSession(sut, Date.parse('2026-11-21T10:00:00Z'))).toEqual(session);
    expect(readSession(sut, Date.parse('2026-11-21T20:00:00Z'))).toBeNull();
  });

  it('falls back to the sign-in name for a session stored before display names', () => {
    const sut = memoryStorage();
    const { displayName: _omitted, ...old } = session;
    sut.setItem(SESSION_KEY, JSON.stringify(old));
    expect(readSession(sut, Date.parse('2026-11-21T10:00:00Z'))?.displayName).toBe('leader');
  });

  it('ignores a malformed entry', () => {
    const sut = memoryStorage();
    sut.setItem(SESSION_KEY, '{not json');
    expect(readSession(sut)).toBeNull();
    sut.setItem(SESSION_KEY, JSON.stringify({ token: 1 }));
    expect(readSession(sut)).toBeNull();
  });
});

describe('loginErrorText', () => {
  it('names wrong credentials and the rate limit', () => {
    expect(loginErrorText(401)).toBe('用户名或密码错误');
    expect(loginErrorText(429)).toContain('五分钟');
  });
});

describe('displayName', () => {
  it("shows the person's display name where names belong, else the sign-in name", () => {
    expect(displayName(session)).toBe('王主任（市指挥中心）');
    expect(displayName({ name: 'leader', displayName: ' ' })).toBe('leader');
  });
});
