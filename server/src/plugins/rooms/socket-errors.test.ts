/** Socket errors are logged by whose doing they are: a client's oversized frame is a warning with no stack. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { expect, it } from 'vitest';
import { socketError, socketErrorKind } from './socket-errors.ts';

function capture() {
  const lines: { level: number; msg: string; err?: unknown; code?: string }[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  return { lines, log };
}

function socket() {
  const s = { terminated: false, terminate() { s.terminated = true; } };
  return s;
}

it('classifies socket errors: bad frames are the client\'s, drops routine, the rest ours', () => {
  expect(socketErrorKind({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' })).toBe('client-frame');
  expect(socketErrorKind({ code: 'WS_ERR_INVALID_UTF8' })).toBe('client-frame');
  expect(socketErrorKind({ code: 'ECONNRESET' })).toBe('dropped');
  expect(socketErrorKind({})).toBe('server');
  expect(socketErrorKind({ code: 42 })).toBe('server');
});

it('a frame over maxPayload is a warning without a stack, and the socket is left to close itself with 1009', () => {
  const { lines, log } = capture();
  const s = socket();
  const err = Object.assign(new RangeError('Max payload size exceeded'), { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
  socketError(err, s as never, { log, ip: '192.0.2.1' } as never);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 40, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', msg: 'websocket closed: the client sent a bad frame' });
  expect(JSON.stringify(lines[0])).not.toContain('stack');
  expect(s.terminated).toBe(false);
});

it('a dropped connection is debug; a failure of ours is an error with its stack; both end the socket', () => {
  const { lines, log } = capture();
  const dropped = socket();
  socketError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), dropped as never, { log, ip: '192.0.2.1' } as never);
  const ours = socket();
  socketError(new TypeError('boom'), ours as never, { log, ip: '192.0.2.1' } as never);
  expect(lines.map((l) => l.level)).toEqual([20, 50]);
  expect(JSON.stringify(lines[1])).toContain('stack');
  expect(dropped.terminated && ours.terminated).toBe(true);
});
