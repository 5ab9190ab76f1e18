import { describe, expect, it } from 'vitest';
import { addressKey, ceiling, growingDelay, NO_FAILURES, signInVerdict, throttleKeys, sessionStatus, shouldTouchSession } from './rules.ts';

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

const sec = (n: number) => new Date(t0.getTime() + n * 1000);
const failures = (count: number, oldest: Date | null, latest: Date | null = oldest) => ({ count, oldest, latest });
const limits = { free: 5, account: 10, address: 100 };

describe('growingDelay', () => {
  it('lets the first failures follow at once, then doubles the wait after the latest: 1 s, 2 s, 4 s …', () => {
    expect(growingDelay(failures(4, t0, sec(1)), 5, sec(1))).toEqual({ ok: true });
    expect(growingDelay(failures(5, t0, sec(10)), 5, sec(10))).toEqual({ ok: false, retryAfterSec: 1 });
    expect(growingDelay(failures(5, t0, sec(10)), 5, sec(11))).toEqual({ ok: true });
    expect(growingDelay(failures(6, t0, sec(10)), 5, sec(11))).toEqual({ ok: false, retryAfterSec: 1 });
    expect(growingDelay(failures(8, t0, sec(10)), 5, sec(10))).toEqual({ ok: false, retryAfterSec: 8 });
    expect(growingDelay(failures(8, t0, sec(10)), 5, sec(18))).toEqual({ ok: true });
  });
  it('never asks more than 15 minutes', () => {
    expect(growingDelay(failures(60, t0, sec(0)), 5, sec(0))).toEqual({ ok: false, retryAfterSec: 900 });
    expect(growingDelay(failures(5000, t0, sec(0)), 5, sec(899.5))).toEqual({ ok: false, retryAfterSec: 1 });
  });
});

describe('ceiling', () => {
  it('allows up to the maximum in the window, then asks to wait until the oldest leaves it', () => {
    expect(ceiling(failures(4, t0), 5, 60_000, plus(0.5))).toEqual({ ok: true });
    expect(ceiling(failures(5, t0), 5, 60_000, sec(20))).toEqual({ ok: false, retryAfterSec: 40 });
    expect(ceiling(NO_FAILURES, 5, 60_000, t0)).toEqual({ ok: true });
  });
});

describe('signInVerdict', () => {
  it('takes the longest wait of the counters that refuse', () => {
    const v = signInVerdict({ own: failures(6, t0, sec(0)), account: failures(10, t0), address: NO_FAILURES }, limits, sec(1));
    expect(v).toEqual({ ok: false, retryAfterSec: 899 }); // the account's 15 min window, not the pair's 2 s
  });
  it('does not hold a known device to the account or address ceilings (they are null for it)', () => {
    expect(signInVerdict({ own: NO_FAILURES, account: null, address: null }, limits, t0)).toEqual({ ok: true });
    expect(signInVerdict({ own: NO_FAILURES, account: failures(50, t0), address: failures(500, t0) }, limits, t0).ok).toBe(false);
  });
  it('lets a workshop hall behind one address fail 99 times a minute across accounts', () => {
    expect(signInVerdict({ own: NO_FAILURES, account: NO_FAILURES, address: failures(99, t0) }, limits, sec(30))).toEqual({ ok: true });
    expect(signInVerdict({ own: NO_FAILURES, account: NO_FAILURES, address: failures(100, t0) }, limits, sec(30))).toEqual({ ok: false, retryAfterSec: 30 });
  });
});

describe('throttleKeys and addressKey', () => {
  it('counts a stranger under the account and address pair, the account and the address; a known device under itself and the address', () => {
    expect(throttleKeys('ana@example.org', '10.0.0.1', null)).toEqual({ own: 'pair:ana@example.org|10.0.0.1', account: 'account:ana@example.org', address: 'ip:10.0.0.1' });
    expect(throttleKeys('ana@example.org', '10.0.0.1', 'n0nce')).toEqual({ own: 'device:n0nce', account: null, address: 'ip:10.0.0.1' });
  });
  it('takes IPv6 addresses by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('0:0:0:0:0:ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });
});
