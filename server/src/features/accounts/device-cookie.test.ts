import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readDevices, withDevice } from './device-cookie.ts';

const secret = 'device-test-secret-'.padEnd(48, 'x');

describe('device cookies', () => {
  it('name the account they were given to, and only signed entries count', () => {
    const ana = randomUUID();
    const value = withDevice([], secret, ana);
    const [entry] = readDevices(value, secret);
    expect(entry!.userId).toBe(ana);
    expect(entry!.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(readDevices(value, 'another-secret-'.padEnd(48, 'y'))).toEqual([]);
    // Another account's id under the same nonce and signature is refused.
    expect(readDevices(value.replace(ana, randomUUID()), secret)).toEqual([]);
    const sig = value.split('.')[2]!;
    expect(readDevices(value.replace(sig, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`), secret)).toEqual([]);
    for (const junk of [undefined, '', 'x', '~~~', 'a.b.c', `${value}~garbage`.repeat(20)]) expect(readDevices(junk, secret)).toEqual([]);
    expect(readDevices(`${value}~garbage`, secret)).toHaveLength(1);
  });

  it('keep the last five accounts used on the browser, the newest first, with a fresh nonce at each sign-in', () => {
    const ids = Array.from({ length: 7 }, () => randomUUID());
    let value = '';
    for (const id of ids) value = withDevice(readDevices(value, secret), secret, id);
    expect(readDevices(value, secret).map((e) => e.userId)).toEqual(ids.slice(2).reverse());
    const before = readDevices(value, secret).find((e) => e.userId === ids[4])!;
    value = withDevice(readDevices(value, secret), secret, ids[4]!);
    const entries = readDevices(value, secret);
    expect(entries.map((e) => e.userId)).toEqual([ids[4], ids[6], ids[5], ids[3], ids[2]]);
    expect(entries[0]!.nonce).not.toBe(before.nonce);
  });
});
