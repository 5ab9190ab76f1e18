// .ci/run and its PostgreSQL helpers: CI runs the suite on PGlite and on PostgreSQL.
import { describe, it, expect } from 'vitest';
import { readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const scripts = ['.ci/run', '.ci/pg-cluster.sh', '.ci/with-pg.sh'];

/** A line that runs `npm <cmd>` (not one that only prints it). */
const runs = (cmd: string) => new RegExp(`^(?:if\\s+!\\s+)?(?:[A-Za-z_]+=\\S*\\s+)*npm ${cmd}\\b`);

/** The script's lines without comments or blank lines. */
function codeLines(path: string): string[] {
  return readFileSync(join(root, path), 'utf8')
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

function hasPostgresServer(): boolean {
  if (spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).status === 0) return true;
  const base = '/usr/lib/postgresql';
  return existsSync(base) && readdirSync(base).some((v) => existsSync(join(base, v, 'bin/initdb')));
}

describe('.ci/run', () => {
  it('is executable', () => {
    for (const p of ['.ci/run', '.ci/with-pg.sh']) {
      expect(statSync(join(root, p)).mode & 0o111, `${p} is executable`).not.toBe(0);
    }
  });

  it('passes bash -n', () => {
    for (const p of scripts) {
      const r = spawnSync('bash', ['-n', join(root, p)], { encoding: 'utf8' });
      expect(r.stderr, p).toBe('');
      expect(r.status, p).toBe(0);
    }
  });

  it('stops at the first error', () => {
    expect(codeLines('.ci/run')).toContain('set -euo pipefail');
  });

  it('installs dependencies from the lockfile before testing', () => {
    const lines = codeLines('.ci/run');
    const ci = lines.findIndex((l) => runs('ci').test(l));
    const test = lines.findIndex((l) => runs('test').test(l));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(ci).toBeLessThan(test);
  });

  it('runs npm test twice: on PGlite, then with DATABASE_URL on a throwaway PostgreSQL', () => {
    const lines = codeLines('.ci/run');
    const tests = lines.flatMap((l, i) => (runs('test').test(l) ? [i] : []));
    expect(tests).toHaveLength(2);
    const [first, second] = tests as [number, number];
    const unset = lines.findIndex((l) => /^unset\b.*\bDATABASE_URL\b/.test(l) || /env -u DATABASE_URL/.test(l));
    expect(unset).toBeGreaterThanOrEqual(0);
    expect(unset).toBeLessThanOrEqual(first);
    const start = lines.findIndex((l) => /^start_pg\b/.test(l));
    const exported = lines.findIndex((l) => /^export DATABASE_URL=.*\$\{?PG_URL/.test(l));
    expect(first).toBeLessThan(start);
    expect(start).toBeLessThan(exported);
    expect(exported).toBeLessThan(second);
  });

  it('stops the PostgreSQL cluster on any exit', () => {
    const text = readFileSync(join(root, '.ci/run'), 'utf8');
    const handler = /trap\s+(\w+)\s+EXIT/.exec(text)?.[1];
    expect(handler).toBeDefined();
    const body = new RegExp(`${handler}\\(\\)\\s*\\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
    expect(body).toContain('stop_pg');
  });

  it('installs chromium, postgresql and a font only when missing', () => {
    const text = codeLines('.ci/run').join('\n');
    expect(text).toContain('/usr/bin/chromium');
    expect(text).toMatch(/apt-get install -y .*--no-install-recommends/);
    for (const pkg of ['chromium', 'postgresql', 'fonts-dejavu-core']) expect(text).toContain(`missing+=(${pkg})`);
  });
});

describe('.ci/with-pg.sh', () => {
  it.skipIf(!hasPostgresServer())(
    'runs a command with DATABASE_URL on a fresh PostgreSQL, then removes the cluster',
    () => {
      const probe = `
        const pg = require('pg');
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        c.connect()
          .then(() => c.query("select current_user as u, (select rolsuper from pg_roles where rolname = current_user) as su, current_setting('server_encoding') as enc"))
          .then((r) => { console.log('PROBE ' + JSON.stringify({ url: process.env.DATABASE_URL, ...r.rows[0] })); return c.end(); })
          .then(() => process.exit(7), (e) => { console.error(e); process.exit(1); });`;
      const r = spawnSync(join(root, '.ci/with-pg.sh'), ['node', '-e', probe], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', MESA_PG_PORT: '' },
        timeout: 120_000,
      });
      // The command's own exit status comes back.
      expect(r.status, r.stderr).toBe(7);
      const line = r.stdout.split('\n').find((l) => l.startsWith('PROBE '));
      expect(line, r.stdout + r.stderr).toBeDefined();
      const seen = JSON.parse(line!.slice(6)) as { url: string; u: string; su: boolean; enc: string };
      expect(seen.url).toMatch(/^postgres:\/\/mesa@127\.0\.0\.1:\d+\/mesa$/);
      expect(seen).toMatchObject({ u: 'mesa', su: true, enc: 'UTF8' });
      // The cluster is gone afterwards.
      const dir = /dir (\S+),/.exec(r.stderr)?.[1];
      expect(dir, r.stderr).toBeDefined();
      expect(existsSync(dir!)).toBe(false);
      const port = new URL(seen.url).port;
      const still = spawnSync('sh', ['-c', `ss -ltn 2>/dev/null | grep -q '127.0.0.1:${port} '`]);
      expect(still.status).not.toBe(0);
    },
    120_000,
  );
});
