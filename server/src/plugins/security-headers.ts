/**
 * Security headers on every answer (pages, API, problems, static files): a strict
 * Content-Security-Policy (no inline script or style, only this origin and its websocket),
 * no framing, nosniff, a referrer policy, and HSTS only when the request came over TLS.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmetMiddleware from 'helmet';

/** The websocket origin of each request (helmet's directive functions only see the raw request). */
const wsOrigins = new WeakMap<IncomingMessage, string>();

// A host as a browser sends it: a name or IPv4 address, or an [IPv6] literal, and a port.
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `ws://host` (or `wss://` over TLS) for this request's host, or '' when the Host header is not a
 * plain host: CSP 'self' already covers the same-origin websocket in current browsers, and the
 * explicit source is for older ones (Safari before 15.4). Never echoes anything but a host.
 */
export function wsOriginFor(protocol: string, host: string | undefined): string {
  if (!host || !HOST.test(host)) return '';
  return `${protocol === 'https' ? 'wss' : 'ws'}://${host.toLowerCase()}`;
}

/** The policy's directives (`style-src` takes extra hashes for a server-rendered page). */
export function cspDirectives(extraStyles: string[] = []) {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", ...extraStyles],
    // data: for the inline SVG favicon of index.html.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", (req: IncomingMessage) => wsOrigins.get(req) ?? ''],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

const OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  // Set per request below: only an answer that went over TLS may pin the browser to HTTPS.
  strictTransportSecurity: false,
};

const HSTS = 'max-age=31536000; includeSubDomains';

/** The sha256 CSP source for an inline <style> element's exact text. */
export function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/** Lets this answer's page use one inline <style> block whose text is exactly `css` (by its hash). */
export function allowInlineStyle(reply: FastifyReply, css: string): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string') return;
  reply.header('content-security-policy', current.replace(/(^|;)style-src ([^;]*)/, `$1style-src $2 ${styleHash(css)}`));
}

function noteOrigin(request: FastifyRequest) {
  const ws = wsOriginFor(request.protocol, request.host);
  if (ws) wsOrigins.set(request.raw, ws);
}

// The same options; helmet's ESM and CommonJS typings name the same shapes apart.
const fallback = helmetMiddleware(OPTIONS as Parameters<typeof helmetMiddleware>[0]);

/**
 * Puts the headers on an answer that no hook saw: the router's own errors (bad URL encoding,
 * over-long parameters) run no hooks at all, so app.ts's frameworkErrors calls this; the onSend
 * hook below calls it for answers whose onRequest hooks stopped before ours.
 */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  if (reply.getHeader('content-security-policy') !== undefined) return;
  noteOrigin(request);
  fallback(request.raw, reply.raw, () => {});
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

export default fp(async function securityHeadersPlugin(app: FastifyInstance) {
  // Before helmet's own hook, which reads the websocket origin noted here.
  app.addHook('onRequest', async (request, reply) => {
    noteOrigin(request);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
  await app.register(helmet, OPTIONS);
  app.addHook('onSend', async (request, reply) => applySecurityHeaders(request, reply));
}, { name: 'security-headers' });
