import { describe, expect, it } from 'vitest';
import { noticePayload, reconnectDelay, RECONNECT_MAX_MS, RECONNECT_MIN_MS } from './bus.ts';

describe('reconnection backoff', () => {
  it('starts at 0.25 s, doubles, stops at 5 s, each wait between half and all of its ceiling', () => {
    const ceilings = [250, 500, 1000, 2000, 4000, 5000, 5000];
    ceilings.forEach((ceiling, attempt) => {
      expect(reconnectDelay(attempt, () => 0.999999)).toBe(ceiling);
      expect(reconnectDelay(attempt, () => 0)).toBe(ceiling / 2);
    });
    expect(reconnectDelay(0, () => 0)).toBe(RECONNECT_MIN_MS / 2);
  });

  it('keeps trying after any number of failures, never waiting longer than 5 s', () => {
    for (const attempt of [10, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      const wait = reconnectDelay(attempt);
      expect(wait).toBeGreaterThanOrEqual(RECONNECT_MAX_MS / 2);
      expect(wait).toBeLessThanOrEqual(RECONNECT_MAX_MS);
    }
  });
});

describe('notice payloads', () => {
  it('small events travel whole, big ones as a reference under the NOTIFY limit', () => {
    expect(JSON.parse(noticePayload({ room: 'r', seq: 1, event: 'e', data: { a: 1 } }))).toEqual({ room: 'r', seq: 1, event: 'e', data: { a: 1 } });
    const big = noticePayload({ room: 'r', seq: 2, event: 'e', data: 'x'.repeat(10_000) });
    expect(JSON.parse(big)).toEqual({ room: 'r', seq: 2, ref: true });
  });
});
