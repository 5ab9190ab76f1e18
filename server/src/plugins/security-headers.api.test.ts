import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, testApp, type TestApp } from '../test/harness.ts';
import { EVIDENCE_CSS } from '../features/evidence/render.ts';
import { wsOriginFor } from './security-headers.ts';

let t: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  t = await testApp();
  proxied = await testApp({ trustProxy: true });
});
afterAll(async () => {
  await t.close();
  await proxied.close();
});

/** The CSP as a map of directive → sources. */
function csp(res: LightMyRequestResponse): Record<string, string[]> {
  const header = res.headers['content-security-policy'];
  expect(typeof header, `no CSP on ${res.statusCode} ${res.headers['content-type']}`).toBe('string');
  return Object.fromEntries(String(header).split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name!, sources];
  }));
}

/** The headers every answer must carry, whatever its type or status. */
function expectStrictHeaders(res: LightMyRequestResponse) {
  const p = csp(res);
  expect(p['default-src']).toEqual(["'self'"]);
  expect(p['script-src']).toEqual(["'self'"]);
  expect(p['script-src-attr']).toEqual(["'none'"]);
  expect(p['object-src']).toEqual(["'none'"]);
  expect(p['base-uri']).toEqual(["'self'"]);
  expect(p['form-action']).toEqual(["'self'"]);
  expect(p['frame-ancestors']).toEqual(["'none'"]);
  expect(p['connect-src']![0]).toBe("'self'");
  for (const sources of Object.values(p)) expect(sources).not.toContain("'unsafe-inline'");
  for (const sources of Object.values(p)) expect(sources).not.toContain("'unsafe-eval'");
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  return p;
}

describe('security headers', () => {
  it('are on JSON, problem+json (404, 400, a hook that refuses), and static answers', async () => {
    const a = new Agent(t.app);
    const json = await a.get('/api/auth/csrf');
    expect(json.headers['content-type']).toContain('application/json');
    expectStrictHeaders(json);

    const missing = await a.get('/api/processes/nope');
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expectStrictHeaders(missing);

    const invalid = await a.post('/api/auth/login', { email: 'not an address', password: 1 });
    expect(invalid.statusCode).toBe(400);
    expectStrictHeaders(invalid);

    // The CSRF check refuses in an onRequest hook, before most others ran.
    const csrf = await a.request('POST', '/api/auth/logout', undefined, { csrf: false });
    expect(csrf.statusCode).toBe(403);
    expectStrictHeaders(csrf);

    // The router's own error (bad percent-encoding) is answered before any hook.
    const badUrl = await t.app.inject({ method: 'GET', url: '/api/processes/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(400);
    expectStrictHeaders(badUrl);

    const unknownRoute = await t.app.inject({ method: 'GET', url: '/no/such/page', headers: { accept: 'application/json' } });
    expect(unknownRoute.statusCode).toBe(404);
    expectStrictHeaders(unknownRoute);

    // A static file (the OpenAPI page's stylesheet, served by @fastify/static like web/dist).
    const css = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(csp(css)['frame-ancestors']).toEqual(["'none'"]);
  });

  it('allow only this origin and its own websocket to be connected to', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { host: 'mesa.example.org:8080' } });
    expect(expectStrictHeaders(res)['connect-src']).toEqual(["'self'", 'ws://mesa.example.org:8080']);
    // A Host that is not a plain host is never copied into the policy.
    const odd = await t.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { host: "evil.example; script-src 'unsafe-inline'" } });
    const header = String(odd.headers['content-security-policy'] ?? '');
    expect(header).not.toContain('unsafe-inline');
    expect(header).not.toContain('evil');
    expect(wsOriginFor('https', 'Mesa.Example.org')).toBe('wss://mesa.example.org');
    expect(wsOriginFor('http', '[::1]:3000')).toBe('ws://[::1]:3000');
    expect(wsOriginFor('http', 'a b')).toBe('');
    expect(wsOriginFor('http', undefined)).toBe('');
  });

  it('pin HTTPS only for answers that came over TLS', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/auth/csrf' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY a forwarded protocol is not believed.
    const spoofed = await t.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();

    const tls = await proxied.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { 'x-forwarded-proto': 'https', host: 'mesa.example.org' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(csp(tls)['connect-src']).toEqual(["'self'", 'wss://mesa.example.org']);
    const refused = await proxied.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-forwarded-proto': 'https' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const proxiedPlain = await proxied.app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { 'x-forwarded-proto': 'http' } });
    expect(proxiedPlain.headers['strict-transport-security']).toBeUndefined();
  });

  it('let the evidence page use its own stylesheet and nothing else inline', async () => {
    const admin = await adminAgent(t);
    expect((await admin.post('/api/processes', processBody('csp-evidence'))).statusCode).toBe(201);
    const page = await admin.get('/api/processes/csp-evidence/evidence?format=html');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const p = expectStrictHeaders(page);
    const hash = `'sha256-${createHash('sha256').update(EVIDENCE_CSS).digest('base64')}'`;
    expect(p['style-src']).toEqual(["'self'", hash]);
    // The hash is of the page's one <style> block, and no element carries a style attribute.
    const blocks = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(blocks).toEqual([EVIDENCE_CSS]);
    expect(page.body).not.toMatch(/\sstyle=/);
    expect(page.body).not.toMatch(/<script/);
    // The JSON form of the same route keeps the plain policy.
    expect(csp(await admin.get('/api/processes/csp-evidence/evidence'))['style-src']).toEqual(["'self'"]);
  });

  it('relax the OpenAPI page only as far as Swagger UI needs, never its framing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    const p = csp(page);
    expect(p['frame-ancestors']).toEqual(["'none'"]);
    expect(p['script-src']).toEqual(["'self'"]);
    expect(p['object-src']).toEqual(["'none'"]);
    expect(p['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    // Elsewhere the strict policy stands.
    expect(expectStrictHeaders(await t.app.inject({ method: 'GET', url: '/api/openapi.json' }))['style-src']).toEqual(["'self'"]);
  });
});
