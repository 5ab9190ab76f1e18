/** A websocket test client (through app.injectWS) that records messages and waits for one. */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

export interface TestSocket {
  ws: WebSocket;
  received: any[];
  next: (pred: (m: any) => boolean, ms?: number) => Promise<any>;
  send: (m: unknown) => void;
}

export async function connectWs(app: FastifyInstance, cookie?: string): Promise<TestSocket> {
  const ws: WebSocket = await app.injectWS('/ws', cookie ? { headers: { cookie } } : {});
  const received: any[] = [];
  const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    received.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const next = (pred: (m: any) => boolean, ms = 3000) => {
    const found = received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise<any>((resolve, reject) => {
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(received).slice(0, 2000)}`)), ms);
    });
  };
  return { ws, received, next, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}
