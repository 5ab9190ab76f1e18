/**
 * Over-long URLs and headers, and requests Node's HTTP parser cannot read, are answered as
 * problem+json like every other error. These never reach Fastify's router, and app.inject()
 * bypasses the parser, so the test talks raw HTTP to a listening server on 127.0.0.1.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../server/src/test/harness.ts';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => { await t.close(); });

interface RawResponse { status: number; headers: Record<string, string>; body: string }

/** Sends `request` as bytes and reads the answer until the server closes the connection. */
function raw(request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    // The server may close while we still write a huge header: what it answered is what counts.
    socket.on('error', (err) => { if (chunks.length === 0) reject(err); });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(request);
  });
}

function expectProblem(res: RawResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status, code, type: `https://mesa.example/problems/${code}` });
  expect(body.title).toBeTypeOf('string');
  expect(body.detail).toBeTypeOf('string');
  return body;
}

describe('errors before routing are problem+json', () => {
  it('answers a URL over 16 KiB with 431', async () => {
    const res = await raw(`GET /api/processes?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const body = expectProblem(res, 431, 'too-large');
    expect(body.detail).toContain('16 KiB');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  it('answers headers over 16 KiB with 431', async () => {
    const res = await raw(`GET /api/processes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expectProblem(res, 431, 'too-large');
  });

  it('answers many small headers adding up past the limit with 431', async () => {
    const headers = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'c'.repeat(60)}\r\n`).join('');
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
    expectProblem(res, 431, 'too-large');
  });

  it('answers a request that is not HTTP with 400', async () => {
    expectProblem(await raw('HELLO THERE\r\n\r\n'), 400, 'bad-request');
    expectProblem(await raw(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n`), 400, 'bad-request');
  });

  it('keeps the router\'s own errors as problem+json: a route parameter over 100 characters is 414, a bad escape 400', async () => {
    const long = await raw(`GET /api/proposals/${'d'.repeat(150)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expectProblem(long, 414, 'too-large');
    const escape = await raw(`GET /api/processes/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expectProblem(escape, 400, 'bad-request');
  });

  it('still serves ordinary requests on the same server', async () => {
    const res = await raw(`GET /api/processes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
  });
});
