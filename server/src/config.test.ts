import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureSessionSecret, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('uses defaults on an empty environment: embedded database in ./data on port 3000', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.logLevel).toBe('info');
    expect(c.admin).toBeUndefined();
  });

  it('names the variable at fault in one line', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/^Invalid configuration: PORT /);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => parseConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32/);
    expect(() => parseConfig({ MESA_ADMIN_EMAIL: 'a@b.org' })).toThrow(/MESA_ADMIN_PASSWORD/);
    expect(() => parseConfig({ MESA_ADMIN_EMAIL: 'not-mail', MESA_ADMIN_PASSWORD: 'long enough pw' })).toThrow(/MESA_ADMIN_EMAIL/);
  });

  it('reads a full environment', () => {
    const c = parseConfig({
      PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db', DATA_DIR: '/tmp/x',
      MESA_ADMIN_EMAIL: 'Admin@Example.org', MESA_ADMIN_PASSWORD: 'correct horse', LOG_LEVEL: 'warn',
    });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', dataDir: '/tmp/x', logLevel: 'warn' });
    expect(c.admin).toEqual({ email: 'admin@example.org', password: 'correct horse' });
  });

  it('PUBLIC_URL: http://localhost:PORT by default; an http(s) origin, normalised; anything else stops the start in one line', () => {
    expect(parseConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(parseConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(parseConfig({ PUBLIC_URL: 'HTTPS://Mesa.Example.org:443/' }).publicUrl).toBe('https://mesa.example.org');
    expect(parseConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
    for (const bad of ['mesa.example.org', 'ftp://mesa.example.org', 'https://mesa.example.org/portal', 'https://u:p@mesa.example.org', 'https://mesa.example.org/?x=1', 'https://mesa.example.org/#top', 'javascript:alert(1)', 'https://']) {
      expect(() => parseConfig({ PUBLIC_URL: bad }), bad).toThrow(/^Invalid configuration: PUBLIC_URL must be an http\(s\) origin[^\n]*$/);
    }
  });

  it('sign-in limits: 5 per pair, 10 per account, 100 per address by default; each at least 1', () => {
    expect(parseConfig({})).toMatchObject({ loginMaxFailures: 5, loginAccountMaxFailures: 10, loginAddressMaxFailures: 100 });
    expect(parseConfig({ LOGIN_ACCOUNT_MAX_FAILURES: '30', LOGIN_ADDRESS_MAX_FAILURES: '500' })).toMatchObject({ loginAccountMaxFailures: 30, loginAddressMaxFailures: 500 });
    expect(() => parseConfig({ LOGIN_ACCOUNT_MAX_FAILURES: '0' })).toThrow(/^Invalid configuration: LOGIN_ACCOUNT_MAX_FAILURES /);
    expect(() => parseConfig({ LOGIN_ADDRESS_MAX_FAILURES: 'many' })).toThrow(/^Invalid configuration: LOGIN_ADDRESS_MAX_FAILURES /);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
});

describe('ensureSessionSecret', () => {
  it('generates a secret once and keeps it in DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-cfg-'));
    const first = ensureSessionSecret(dir, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(ensureSessionSecret(dir, undefined)).toBe(first);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8')).toBe(first);
    expect(ensureSessionSecret(dir, 'x'.repeat(40))).toBe('x'.repeat(40));
  });
});
