/** Configuration, parsed once from the environment. A bad value stops the start with one line naming it. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MESA_ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  MESA_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  LOG_LEVEL: LogLevel.default('info'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).default(100),
  WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  REPORT_HIDE_THRESHOLD: z.coerce.number().int().min(1).default(3),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PUBLIC_URL: z.string().refine((v) => publicOrigin(v) !== null, 'must be an http(s) origin such as https://mesa.example.org (no path, query or user)').optional(),
  WS_MAX_PER_SESSION: z.coerce.number().int().min(1).default(20),
  WS_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(200),
}).refine((env) => !env.MESA_ADMIN_EMAIL === !env.MESA_ADMIN_PASSWORD, {
  message: 'MESA_ADMIN_EMAIL and MESA_ADMIN_PASSWORD must be set together',
  path: ['MESA_ADMIN_PASSWORD'],
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  admin: { email: string; password: string } | undefined;
  logLevel: z.infer<typeof LogLevel>;
  /** Failed sign-ins an account and address pair (or a known device) makes before each next one waits, 1 s doubling to 15 min. */
  loginMaxFailures: number;
  /** Failed sign-ins per account in 15 min from devices not known to it; a known device is never refused by this. */
  loginAccountMaxFailures: number;
  /** Failed sign-ins per address (IPv6: per /64) in a minute, across accounts. */
  loginAddressMaxFailures: number;
  writeRateLimit: number;
  /** Reports by distinct users that hide a proposal or comment pending review. */
  reportHideThreshold: number;
  demoData: boolean;
  trustProxy: boolean;
  /** The portal's origin for every absolute link Mesa writes (exports, feeds, join links), never the request's Host. */
  publicUrl: string;
  /** Open websockets per session, per server process. */
  wsMaxPerSession: number;
  /** Open websockets per client address, per server process (a workshop hall shares one address). */
  wsMaxPerAddress: number;
}

export class ConfigError extends Error {}

/** The origin `value` names (scheme, host, port; normalised, no trailing slash), or null unless it is an http(s) origin alone. */
export function publicOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/' || /[?#]$/.test(value)) return null;
  return url.origin;
}

/** Parses the environment; throws ConfigError with one line naming the variable at fault. */
export function parseConfig(env: Record<string, string | undefined>): Omit<Config, 'sessionSecret'> & { sessionSecret: string | undefined } {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    admin: e.MESA_ADMIN_EMAIL && e.MESA_ADMIN_PASSWORD ? { email: e.MESA_ADMIN_EMAIL.toLowerCase(), password: e.MESA_ADMIN_PASSWORD } : undefined,
    logLevel: e.LOG_LEVEL,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginAccountMaxFailures: e.LOGIN_ACCOUNT_MAX_FAILURES,
    loginAddressMaxFailures: e.LOGIN_ADDRESS_MAX_FAILURES,
    writeRateLimit: e.WRITE_RATE_LIMIT,
    reportHideThreshold: e.REPORT_HIDE_THRESHOLD,
    demoData: e.DEMO_DATA === 'on',
    trustProxy: e.TRUST_PROXY === 'true',
    publicUrl: e.PUBLIC_URL ? publicOrigin(e.PUBLIC_URL)! : `http://localhost:${e.PORT}`,
    wsMaxPerSession: e.WS_MAX_PER_SESSION,
    wsMaxPerAddress: e.WS_MAX_PER_ADDRESS,
  };
}

/** The session secret from the environment, else the one kept in DATA_DIR (made on first start). */
export function ensureSessionSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Loads the whole configuration from process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const partial = parseConfig(env);
  return { ...partial, sessionSecret: ensureSessionSecret(partial.dataDir, partial.sessionSecret) };
}
