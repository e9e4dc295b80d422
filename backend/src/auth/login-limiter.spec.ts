import { describe, expect, it } from 'vitest';
import { ManualClock } from '../common/clock';
import { manualTestClock } from '../testing/test-clock';
import { isRefusal, LOGIN_FAILURES, LOGIN_WINDOW_MS, LoginLimiter, type LoginAttempt } from './login-limiter';

describe(LoginLimiter.name, () => {
  const setup = (): { sut: LoginLimiter; clock: ManualClock } => {
    const clock = manualTestClock();
    return { sut: new LoginLimiter(clock), clock };
  };

  describe('reserve', () => {
    it(`refuses the attempt after ${LOGIN_FAILURES} unsettled ones, before any password is checked`, () => {
      const { sut } = setup();
      for (let i = 0; i < LOGIN_FAILURES; i++) expect(isRefusal(sut.reserve(['ip:a', 'name:n']))).toBe(false);
      expect(sut.reserve(['ip:b', 'name:n'])).toMatchObject({ key: 'name:n', audit: true });
      // A refused attempt takes no slot: address b is still free for another name.
      expect(isRefusal(sut.reserve(['ip:b', 'name:m']))).toBe(false);
    });

    it('audits the first refusal of a key per window and counts the others', () => {
      const { sut, clock } = setup();
      for (let i = 0; i < LOGIN_FAILURES; i++) sut.reserve(['ip:a']);
      expect(sut.reserve(['ip:a'])).toMatchObject({ audit: true, unaudited: 0 });
      expect(sut.reserve(['ip:a'])).toMatchObject({ audit: false, unaudited: 1 });
      expect(sut.reserve(['ip:a'])).toMatchObject({ audit: false, unaudited: 2 });
      clock.advance(LOGIN_WINDOW_MS);
      // The failures have expired too: the key is free again.
      expect(isRefusal(sut.reserve(['ip:a']))).toBe(false);
    });
  });

  describe('release', () => {
    it('gives a successful attempt its slots back', () => {
      const { sut } = setup();
      for (let i = 0; i < LOGIN_FAILURES * 3; i++) {
        const attempt = sut.reserve(['ip:a', 'name:n']);
        expect(isRefusal(attempt)).toBe(false);
        sut.release(attempt as LoginAttempt);
      }
    });
  });
});
