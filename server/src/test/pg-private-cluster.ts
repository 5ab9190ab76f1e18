/**
 * A PostgreSQL cluster of one's own, for tests and benchmarks that stop and start the server
 * (stopping the shared test cluster would break every other test file running beside them).
 * initdb into a temporary directory, a free loopback port, database "mesa" for superuser "mesa".
 * Like .ci/pg-cluster.sh, which it mirrors: postgres refuses to run as root, so as root the
 * directory belongs to an unprivileged user (`postgres`, or PG_RUN_USER) and initdb/pg_ctl run
 * through runuser. Its directories are named mesa-pgfault.* so that script's reaper leaves them be.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../tests/load/free-port.ts';

const run = promisify(execFile);
const PREFIX = 'mesa-pgfault.';

/** The directory holding initdb, pg_ctl and postgres, or null when this machine has none. */
export function findPgBindir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch { /* not the Debian layout */ }
  candidates.push('/usr/local/pgsql/bin', '/usr/bin');
  return candidates.find((d) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(d, b)))) ?? null;
}

export interface PrivateCluster {
  /** postgres://mesa@127.0.0.1:PORT/mesa */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: every connection is cut (57P01), new ones are refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

function runUser(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  const name = process.env.PG_RUN_USER || 'postgres';
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`running as root needs an OS user "${name}" to run postgres (set PG_RUN_USER)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), name };
}

/** Stops and deletes clusters that earlier runs left behind when they were killed (their owner is gone). */
async function reapStale(bindir: string, user: string | null) {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner = 0;
    try { owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8')); } catch { continue; }
    try { process.kill(owner, 0); continue; } catch { /* owner gone */ }
    if (existsSync(join(dir, 'data', 'postmaster.pid'))) {
      await as(user, dir, join(bindir, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', '-t', '10', 'stop']).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function as(user: string | null, cwd: string, cmd: string, args: string[]) {
  return user ? run('runuser', ['-u', user, '--', cmd, ...args], { cwd }) : run(cmd, args, { cwd });
}

/** Creates and starts a private cluster. Call destroy() in afterAll / finally. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bindir = findPgBindir();
  if (!bindir) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) found');
  const who = runUser();
  const user = who?.name ?? null;
  await reapStale(bindir, user);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (who) chownSync(dir, who.uid, who.gid);
  const data = join(dir, 'data');
  const initdb = (locale: string) => as(user, dir, join(bindir, 'initdb'), ['-D', data, '--auth=trust', '--username=mesa', '--encoding=UTF8', `--locale=${locale}`, '--no-sync']);
  try {
    await initdb('C.UTF-8').catch(async () => {
      rmSync(data, { recursive: true, force: true });
      await initdb('C');
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const pgCtl = (args: string[]) => as(user, dir, join(bindir, 'pg_ctl'), ['-D', data, ...args]);
  // fsync off: a clean stop still writes everything out; the test is about connections, not disks.
  const start = async () => {
    await pgCtl(['-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c full_page_writes=off -c max_connections=100`, 'start']);
  };
  let running = false;
  let destroyed = false;
  const cluster: PrivateCluster = {
    url: `postgres://mesa@127.0.0.1:${port}/mesa`,
    port,
    async stop() {
      await pgCtl(['-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (running || existsSync(join(data, 'postmaster.pid'))) await pgCtl(['-m', 'immediate', '-w', '-t', '20', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
    await run(join(bindir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'mesa', 'mesa']);
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
