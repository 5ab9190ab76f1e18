/**
 * Errors on an open socket, by whose doing they are. A frame over maxPayload, bad UTF-8 or a
 * broken frame is the client's: ws already closes the socket with the right code (1009, 1007,
 * 1002), so a warning with no stack, and no terminate that would cut the close frame off. A
 * dropped connection is routine. Anything else is ours, an error.
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

export type SocketErrorKind = 'client-frame' | 'dropped' | 'server';

export function socketErrorKind(err: { code?: unknown }): SocketErrorKind {
  const code = typeof err.code === 'string' ? err.code : '';
  if (code.startsWith('WS_ERR_')) return 'client-frame';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return 'dropped';
  return 'server';
}

/** @fastify/websocket's errorHandler (its default logs every one at error level with its stack). */
export function socketError(err: Error & { code?: string }, socket: WebSocket, request: FastifyRequest) {
  const kind = socketErrorKind(err);
  if (kind === 'client-frame') {
    request.log.warn({ code: err.code, reason: err.message, ip: request.ip }, 'websocket closed: the client sent a bad frame');
    return; // ws is closing it with the matching close code
  }
  if (kind === 'dropped') request.log.debug({ code: err.code }, 'websocket connection dropped');
  else request.log.error({ err }, 'websocket failed');
  socket.terminate();
}
