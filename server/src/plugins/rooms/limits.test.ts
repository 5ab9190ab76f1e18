/** Socket counts and the fair gate, without a database. */
import { describe, expect, it } from 'vitest';
import { FairGate, SocketCounts } from './limits.ts';

describe('SocketCounts', () => {
  it('refuses past the cap per address and per session, and frees a place on release', () => {
    const c = new SocketCounts({ perAddress: 3, perSession: 2 });
    expect(c.admit('a', 's1')).toBe('ok');
    expect(c.admit('a', 's1')).toBe('ok');
    expect(c.admit('a', 's1')).toBe('session');
    expect(c.admit('a', null)).toBe('ok');
    expect(c.admit('a', 's2')).toBe('address');
    expect(c.admit('b', 's2')).toBe('ok'); // another address, another session
    c.release('a', 's1');
    expect(c.admit('a', 's1')).toBe('ok');
    expect(c.admit('a', null)).toBe('address');
  });
});

describe('FairGate', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs at most `width` tasks at once and serves a newcomer address within a turn of a busy one', async () => {
    const gate = new FairGate(2);
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const task = (name: string) => () => new Promise<string>((resolve) => {
      started.push(name);
      running++;
      most = Math.max(most, running);
      release.push(() => { running--; resolve(name); });
    });
    const done = [
      ...Array.from({ length: 20 }, (_, i) => gate.run('busy', task(`busy${i}`))),
      gate.run('newcomer', task('newcomer')),
    ];
    await tick();
    expect(started).toEqual(['busy0', 'busy1']);
    expect(gate.waiting).toBe(19);
    while (release.length) { release.shift()!(); await tick(); await tick(); }
    expect(await Promise.all(done)).toHaveLength(21);
    expect(most).toBe(2);
    expect(started.indexOf('newcomer')).toBeLessThanOrEqual(3);
    expect(gate.waiting).toBe(0);
  });

  it('a failing task frees its place', async () => {
    const gate = new FairGate(1);
    await expect(gate.run('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run('a', async () => 'next')).toBe('next');
  });
});
