// docker-compose.yml, Dockerfile and deploy/nginx.conf: what someone running
// `docker compose up` relies on (two app instances behind one port, one shared database).
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { published?: string | number; target?: number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  healthcheck?: { test?: string | string[] };
};
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

function env(svc: Service): Record<string, string> {
  const e = svc.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

/** Replaces ${VAR:-default} with its default and ${VAR} / ${VAR:?msg} with "x", as compose would with VAR unset/set. */
function interpolate(s: string): string {
  return s.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*)|:?\?[^}]*)?\}/g, (_m, _name, def) => def ?? 'x');
}

function dependsOn(svc: Service): Record<string, string | undefined> {
  const d = svc.depends_on ?? [];
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, undefined]));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition]));
}

function publishedPorts(svc: Service): { published: string; target: string }[] {
  return (svc.ports ?? []).map((p) => {
    if (typeof p === 'object') return { published: String(p.published), target: String(p.target) };
    const parts = String(p).split(':');
    return { published: parts.at(-2) ?? parts[0]!, target: parts.at(-1)!.split('/')[0]! };
  });
}

function nginxConfPath(): string {
  for (const v of services.proxy!.volumes ?? []) {
    const [source, target] = typeof v === 'string' ? v.split(':') : [v.source, v.target];
    if (source && target?.startsWith('/etc/nginx/')) return source;
  }
  throw new Error('the proxy mounts no nginx configuration');
}

const apps = ['app1', 'app2'] as const;

describe('docker-compose.yml', () => {
  it('runs a database, two app instances and a proxy', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['db', 'app1', 'app2', 'proxy']));
  });

  it('builds both app instances from the Dockerfile', () => {
    for (const name of apps) {
      const build = services[name]!.build;
      expect(build, `${name} has a build section`).toBeDefined();
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build!.dockerfile ?? 'Dockerfile');
      const context = typeof build === 'string' ? build : (build!.context ?? '.');
      expect(existsSync(join(root, context, dockerfile)), `${context}/${dockerfile} exists`).toBe(true);
    }
  });

  it('gives both app instances the same SESSION_SECRET, taken from the environment', () => {
    const [a, b] = apps.map((n) => env(services[n]!).SESSION_SECRET);
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(a).toMatch(/^\$\{SESSION_SECRET(:[?-][^}]*)?\}$/);
  });

  it('points both app instances at the db service, and starts them once it is healthy', () => {
    for (const name of apps) {
      const e = env(services[name]!);
      expect(e.DATABASE_URL, `${name} DATABASE_URL`).toBeDefined();
      const url = new URL(interpolate(e.DATABASE_URL!));
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('db');
      expect(url.pathname).toBe('/mesa');
      expect(dependsOn(services[name]!).db).toBe('service_healthy');
    }
  });

  it('has the db credentials match the apps\' DATABASE_URL', () => {
    const dbEnv = env(services.db!);
    const url = new URL(interpolate(env(services.app1!).DATABASE_URL!));
    expect(interpolate(dbEnv.POSTGRES_USER ?? 'postgres')).toBe(url.username);
    expect(interpolate(dbEnv.POSTGRES_PASSWORD ?? '')).toBe(decodeURIComponent(url.password));
    expect(interpolate(dbEnv.POSTGRES_DB ?? dbEnv.POSTGRES_USER ?? 'postgres')).toBe(url.pathname.slice(1));
  });

  it('makes the app instances listen on 0.0.0.0:3000', () => {
    for (const name of apps) {
      const e = env(services[name]!);
      expect(e.HOST).toBe('0.0.0.0');
      expect(e.PORT).toBe('3000');
    }
  });

  it('sets only variables the server reads', () => {
    const known = new Set(['NODE_ENV']);
    const serverSrc = join(root, 'server/src');
    const text = readdirSync(serverSrc, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(serverSrc, f), 'utf8'))
      .join('\n');
    for (const name of apps) {
      for (const key of Object.keys(env(services[name]!))) {
        if (known.has(key)) continue;
        expect(text, `server/src mentions ${key}`).toContain(key);
      }
    }
  });

  it('publishes port 3000 on the host through the proxy only', () => {
    const ports = publishedPorts(services.proxy!);
    expect(ports.map((p) => p.published)).toContain('3000');
    for (const name of ['db', ...apps]) {
      expect(services[name]!.ports ?? [], `${name} publishes no port`).toEqual([]);
    }
  });

  it('starts the proxy after both app instances', () => {
    const deps = dependsOn(services.proxy!);
    expect(Object.keys(deps)).toEqual(expect.arrayContaining(['app1', 'app2']));
  });

  it('gives the db a pg_isready healthcheck and a named volume', () => {
    const db = services.db!;
    expect(db.image).toMatch(/^postgres:15\b/);
    const test = db.healthcheck?.test;
    expect([test ?? ''].flat().join(' ')).toContain('pg_isready');
    const named = (db.volumes ?? [])
      .map((v) => (typeof v === 'string' ? v.split(':')[0]! : (v.source ?? '')))
      .filter((src) => !src.startsWith('.') && !src.startsWith('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const v of named) expect(Object.keys(compose.volumes ?? {})).toContain(v);
  });
});

describe('deploy/nginx.conf', () => {
  const confPath = nginxConfPath();
  const conf = read(confPath.replace(/^\.\//, ''));
  const proxyTarget = publishedPorts(services.proxy!).find((p) => p.published === '3000')!.target;

  it('is the file the proxy mounts', () => {
    expect(confPath.replace(/^\.\//, '')).toBe('deploy/nginx.conf');
  });

  it('listens on the port the proxy publishes', () => {
    expect(conf).toMatch(new RegExp(`\\blisten\\s+(\\S+:)?${proxyTarget}\\b`));
  });

  it('balances across both app instances', () => {
    expect(conf).toMatch(/\bserver\s+app1:3000\b/);
    expect(conf).toMatch(/\bserver\s+app2:3000\b/);
    const upstream = /upstream\s+(\S+)\s*\{/.exec(conf)?.[1];
    expect(upstream).toBeDefined();
    expect(conf).toContain(`proxy_pass http://${upstream}`);
  });

  it('passes websocket upgrades through', () => {
    expect(conf).toMatch(/proxy_http_version\s+1\.1\s*;/);
    expect(conf).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade\s*;/);
    expect(conf).toMatch(/proxy_set_header\s+Connection\s+("?upgrade"?|\$connection_upgrade)\s*;/i);
  });

  it('tells the apps the client address and scheme', () => {
    expect(conf).toMatch(/proxy_set_header\s+X-Forwarded-For\s/);
    expect(conf).toMatch(/proxy_set_header\s+X-Forwarded-Proto\s/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('is based on Node 20', () => {
    const from = /^FROM\s+(?:--\S+\s+)?(\S+)/m.exec(dockerfile)?.[1];
    expect(from).toMatch(/^node:20([.-]|$)/);
  });

  it('installs from the lockfile, builds, and serves with scripts that exist', () => {
    expect(dockerfile).toMatch(/^RUN\s.*\bnpm ci\b/m);
    expect(dockerfile).toMatch(/^RUN\s.*\bnpm run build\b/m);
    expect(dockerfile).toMatch(/^CMD\s+\[\s*"npm",\s*"run",\s*"serve"\s*\]/m);
    expect(scripts.build).toBeDefined();
    expect(scripts.serve).toBeDefined();
  });

  it('copies every workspace manifest before npm ci', () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const beforeCi = dockerfile.slice(0, dockerfile.search(/\bnpm ci\b/));
    expect(beforeCi).toMatch(/COPY\s+package\.json\s+package-lock\.json/);
    for (const ws of workspaces) expect(beforeCi).toContain(`COPY ${ws}/package.json`);
  });

  it('keeps node_modules, local data and secrets out of the build context', () => {
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', 'data', '.env']));
  });
});
