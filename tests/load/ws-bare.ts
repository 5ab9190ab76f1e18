/**
 * The ceiling for the websocket benchmark (ws-bench.ts): a bare `ws` server, no Fastify, no
 * rooms, no database, in a child process. Over IPC: sends {type: 'ready', port}; on
 * {type: 'broadcast', frame, count, everyMs, firstSeq} it sends `count` frames, one every
 * `everyMs`, to every open socket, each the given frame (an object) with `seq` set and
 * serialised once for all sockets, exactly as Mesa's hub does; answers {type: 'done', loops} with
 * each loop's socket count and duration.
 */
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';

const MAX_BUFFERED = 4 * 1024 * 1024;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 256 * 1024 });

wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
wss.on('connection', (socket) => {
  socket.on('error', () => socket.terminate());
});

process.on('message', (m: { type: string; frame?: Record<string, unknown>; count?: number; everyMs?: number; firstSeq?: number }) => {
  if (m.type === 'mem') process.send?.({ type: 'mem', ...process.memoryUsage() });
  if (m.type === 'stop') {
    for (const c of wss.clients) c.terminate();
    wss.close(() => process.exit(0));
  }
  if (m.type !== 'broadcast') return;
  const frame = { ...m.frame };
  let seq = m.firstSeq ?? 1;
  let left = m.count ?? 0;
  const loops: { n: number; ms: number }[] = [];
  const timer = setInterval(() => {
    frame.seq = seq++;
    const data = JSON.stringify(frame);
    const t0 = performance.now();
    let n = 0;
    for (const socket of wss.clients) {
      if (socket.bufferedAmount > MAX_BUFFERED) { socket.terminate(); continue; }
      if (socket.readyState === 1) { socket.send(data); n++; }
    }
    loops.push({ n, ms: performance.now() - t0 });
    if (--left <= 0) {
      clearInterval(timer);
      process.send?.({ type: 'done', loops });
    }
  }, m.everyMs ?? 100);
});
process.once('disconnect', () => process.exit(0));
