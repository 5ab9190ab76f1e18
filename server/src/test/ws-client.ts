/** A websocket test client (through app.injectWS) that records messages and waits for one. */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

export interface TestSocket {
  ws: WebSocket;
  received: any[];
  next: (pred: (m: any) => boolean, ms?: number) => Promise<any>;
  send: (m: unknown) => void;
  /** Resolves with the close code and reason once the socket is closed (by either side). */
  closed: Promise<{ code: number; reason: string }>;
}

/** `address`: the client address the server sees (per-address limits). */
export async function connectWs(app: FastifyInstance, cookie?: string, opts: { address?: string } = {}): Promise<TestSocket> {
  const received: any[] = [];
  const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  let closed!: Promise<{ code: number; reason: string }>;
  // Listeners go on before the handshake ends: a server that answers and closes at once is heard too.
  const onInit = (ws: WebSocket) => {
    closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      received.push(m);
      for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    });
  };
  const context = { ...(cookie ? { headers: { cookie } } : {}), ...(opts.address ? { socket: { remoteAddress: opts.address } } : {}) };
  const ws: WebSocket = await app.injectWS('/ws', context as never, { onInit } as never);
  const next = (pred: (m: any) => boolean, ms = 3000) => {
    const found = received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise<any>((resolve, reject) => {
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(received).slice(0, 2000)}`)), ms);
    });
  };
  return { ws, received, next, closed, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}
