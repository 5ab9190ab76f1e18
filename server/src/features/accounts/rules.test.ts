import { describe, expect, it } from 'vitest';
import { loginAllowed, sessionStatus, shouldTouchSession } from './rules.ts';

const t0 = new Date('2026-01-01T08:00:00Z');
const plus = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('sessionStatus', () => {
  it('is valid while active and younger than 12 h', () => {
    expect(sessionStatus(t0, plus(600), plus(620))).toBe('valid');
  });
  it('ends after 30 idle minutes', () => {
    expect(sessionStatus(t0, plus(10), plus(39))).toBe('valid');
    expect(sessionStatus(t0, plus(10), plus(40))).toBe('idle');
  });
  it('ends 12 h after sign-in however active', () => {
    expect(sessionStatus(t0, plus(719), plus(720))).toBe('expired');
  });
});

describe('shouldTouchSession', () => {
  it('writes activity at most once a minute', () => {
    expect(shouldTouchSession(t0, new Date(t0.getTime() + 59_000))).toBe(false);
    expect(shouldTouchSession(t0, plus(1))).toBe(true);
  });
});

describe('loginAllowed', () => {
  it('allows up to the maximum of failures, then asks to wait until the oldest leaves the window', () => {
    expect(loginAllowed({ count: 4, oldest: t0 }, 5, plus(0.5))).toEqual({ ok: true });
    expect(loginAllowed({ count: 5, oldest: t0 }, 5, new Date(t0.getTime() + 20_000))).toEqual({ ok: false, retryAfterSec: 40 });
    expect(loginAllowed({ count: 0, oldest: null }, 5, t0)).toEqual({ ok: true });
  });
});
