/**
 * The Node flags the portal runs with, read from `npm run serve` in package.json (the one place
 * they are set, for Docker, Playwright and `npm start` alike), so that the benchmarks measure the
 * server as it is deployed: `node <flags> --import tsx server/src/main.ts`.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const serve = pkg.scripts.serve ?? '';
const m = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+--import tsx /.exec(serve);
if (!m) throw new Error(`package.json "serve" is not "node [flags] --import tsx …": ${serve}`);

export const SERVER_NODE_FLAGS: string[] = m[1]!.trim().split(/\s+/).filter(Boolean);
