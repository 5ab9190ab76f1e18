/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a request line or headers
 * over 16 KiB, a malformed request, a client too slow to send its headers) answered as
 * problem+json like every other error, instead of Fastify's own JSON. There is no request here,
 * only the socket: the answer is written by hand, in English, and the connection closed.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Problem, ProblemCode } from '@mesa/shared';
import { translator } from './i18n.ts';

type ParserError = Error & { code?: string };

/** The status, problem code and `problems:detail.` key for a parser error code (Node's own mapping). */
export function clientErrorProblem(code: string | undefined): { status: number; code: ProblemCode; detailKey: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'too-large', detailKey: 'headers-too-large' };
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return { status: 413, code: 'too-large', detailKey: 'too-large' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'bad-request', detailKey: 'request-timeout' };
  return { status: 400, code: 'bad-request', detailKey: 'malformed-request' };
}

/** Fastify's `clientErrorHandler`: one problem+json answer, then the socket is closed. */
export function clientErrorHandler(this: FastifyInstance, err: ParserError, socket: Socket) {
  // A reset connection has nobody left to answer (Fastify's default does the same).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p = clientErrorProblem(err.code);
  this.log.debug({ err }, 'client error');
  // Node's own rule: never write into a response already under way on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const t = translator('en');
    const problem: Problem = {
      type: `https://mesa.example/problems/${p.code}`,
      title: t(`problems:title.${p.code}`),
      status: p.status,
      detail: t(`problems:detail.${p.detailKey}`),
      code: p.code,
    };
    const body = JSON.stringify(problem);
    socket.write(`HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
