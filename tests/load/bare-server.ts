/**
 * The ceiling: a bare Fastify route (no plugins, no hooks, no database) answering with the
 * JSON body read from BENCH_BARE_PAYLOAD, the same size as a real list page. Prints
 * `{"port": N}` on stdout once it listens on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const payload: unknown = JSON.parse(readFileSync(process.env.BENCH_BARE_PAYLOAD!, 'utf8'));
const app = Fastify({ logger: false });
app.get('/bare', async () => payload);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
