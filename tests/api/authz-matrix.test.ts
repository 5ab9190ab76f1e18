/**
 * The authorisation matrix: every route the app registers, tried as each caller (anonymous, a
 * workshop guest, a plain resident, a forum member of another process, a forum member, a
 * facilitator, a drafter, a monitor, the author of the fixtures' contributions, an admin)
 * against a process in each phase. A caller the policy (authz/policy.ts) refuses must get
 * 401/403/404 (or 409 phase-closed where the phase decides) and change nothing in the
 * database; a caller it allows must not get 401/403. A registered route without an entry in
 * the policy, or an entry without a route, fails.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, testApp, type TestApp } from '../../server/src/test/harness.ts';
import { accounts, type Caller, CALLERS, freshCopy } from './authz/callers.ts';
import { changedTables, fingerprinter, type Fingerprint } from './authz/fingerprint.ts';
import { buildPhase, PHASES, type PhaseFixture, type PhaseKey, Sandboxes, type World } from './authz/fixtures.ts';
import { type Case, type Ctx, POLICY, WEB_FILE } from './authz/policy.ts';
import { registeredRoutes, type RegisteredRoute } from './authz/routes.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

let t: TestApp;
let world: World;
let x: Ctx;
let fingerprint: () => Promise<Fingerprint>;
let routes: RegisteredRoute[];

beforeAll(async () => {
  const started = Date.now();
  const cpu = process.cpuUsage();
  // Reports hide content at a threshold; here every caller reports the same proposal and each must be heard.
  t = await testApp({ reportHideThreshold: 1000 });
  // Deletions last: they take away what other routes act on (a comment, an endorsement, a membership).
  routes = registeredRoutes(t.app).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
  const admin = await adminAgent(t);
  (admin as unknown as { userId: string }).userId = (await t.db.selectFrom('users').select('id').where('is_admin', '=', true).executeTakeFirstOrThrow()).id;
  const people = await accounts(t, ['resident', 'otherMember', 'member', 'facilitator', 'drafter', 'monitor', 'author', 'spare']);
  const login = { email: 'authz-login@example.org', password: 'a login password' };
  expect((await new Agent(t.app, '10.63.0.1').post('/api/auth/register', { ...login, displayName: 'Login' })).statusCode).toBe(201);
  const agents = { ...people, anonymous: new Agent(t.app, '10.62.0.1'), admin } as World['agents'];
  const base = { t, agents, spare: people.spare!, login, other: { slug: 'authz-other' } };
  expect((await admin.post('/api/processes', { slug: 'authz-other', title: 'Another process', phases: [{ kind: 'open-call', startsAt: '2025-01-01T00:00:00Z', endsAt: '2025-02-01T00:00:00Z' }] })).statusCode).toBe(201);
  expect((await admin.post('/api/processes/authz-other/members', { userId: (people.otherMember as unknown as { userId: string }).userId, role: 'forum-member', sector: 'academia' })).statusCode).toBe(201);
  let guests = 0;
  const phases = {} as Record<PhaseKey, PhaseFixture>;
  for (const phase of PHASES) phases[phase] = await buildPhase(base, phase, () => new Agent(t.app, `10.64.0.${++guests}`));
  world = { ...base, phases };
  let n = 0;
  let planDoc: Record<string, unknown> | undefined;
  x = {
    world, sandboxes: new Sandboxes(admin), n: () => ++n,
    version: async (id) => (await t.db.selectFrom('commitments').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
    planDocument: async () => (planDoc ??= JSON.parse((await admin.get(`/api/processes/${phases.adopted.slug}/export?format=json`)).body)),
  };
  fingerprint = await fingerprinter(t.db);
  const used = process.cpuUsage(cpu);
  console.log(`authz fixtures: ${((Date.now() - started) / 1000).toFixed(1)} s on ${t.engine} (${((used.user + used.system) / 1e6).toFixed(1)} s of this process's CPU)`);
}, 120_000);
afterAll(async () => { await t?.close(); });

const isWebFile = (r: RegisteredRoute) => r.method === 'GET' && !r.path.startsWith('/api/') && r.path !== '/ws'
  && (existsSync(`${WEB_DIST}${r.path}`) || (r.path === '/' && existsSync(`${WEB_DIST}/index.html`)));
const policyFor = (r: RegisteredRoute): Case | Case[] | undefined => POLICY[r.key] ?? (isWebFile(r) ? WEB_FILE : undefined);
const allowedIn = (c: Case, phase: PhaseKey): readonly Caller[] => (typeof c.allow === 'function' ? c.allow(phase) : c.allow);

function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)|\*/g, (m, name: string | undefined) => {
    const v = params[name ?? '*'];
    if (v === undefined) throw new Error(`no value for ${m} in ${path}`);
    return name ? encodeURIComponent(v) : v;
  });
}

function defaultParams(path: string, f: PhaseFixture): Record<string, string> {
  const names = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
  if (names.every((n) => n === 'slug')) return { slug: f.slug };
  throw new Error(`${path}: the policy entry needs params`);
}

/** The answer, or null when there is none in 10 s (a request that never answers fails the matrix instead of stalling it). */
async function answerWithin(p: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), 10_000); });
  try { return await Promise.race([p, late]); } finally { clearTimeout(timer); }
}

function problemCode(res: LightMyRequestResponse): string | undefined {
  try { return (res.json() as { code?: string }).code; } catch { return undefined; }
}

/** Why `res` is not a refusal the policy accepts, or null. */
function notARefusal(res: LightMyRequestResponse, c: Case, phaseDecides: boolean): string | null {
  const code = problemCode(res);
  if (res.statusCode === 401 || res.statusCode === 404) return null;
  if (res.statusCode === 403) return code === 'csrf' ? 'refused for its CSRF token, not by the policy (test bug)' : null;
  if (res.statusCode === 409 && phaseDecides && (code === 'phase-closed' || c.closedCodes?.includes(code ?? ''))) return null;
  return `expected a refusal, got ${res.statusCode} ${code ?? ''} ${res.body.slice(0, 160)}`;
}

describe('the authorisation matrix', () => {
  it('has a policy entry for every registered route, and a route for every entry', () => {
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter((r) => !policyFor(r)).map((r) => r.key);
    const keys = new Set(routes.map((r) => r.key));
    const stale = Object.keys(POLICY).filter((k) => !keys.has(k));
    expect(missing, 'registered routes with no entry in tests/api/authz/policy.ts').toEqual([]);
    expect(stale, 'policy entries for routes the app no longer registers').toEqual([]);
  });

  it('gives every caller what the policy says, in every phase, and refused calls change nothing', async () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const failures: string[] = [];
    const leaks: string[] = [];
    const leakSeen = new Set<string>();
    const skipped: string[] = [];
    const successes = new Map<string, number>();
    const statuses = new Map<string, number>();
    // AUTHZ_ONLY=<regex over "METHOD /path"> runs part of the matrix (while editing the policy).
    const only = process.env.AUTHZ_ONLY ? new RegExp(process.env.AUTHZ_ONLY) : null;
    let requests = 0;
    let cases = 0;
    const triedPhases = new Set<string>();

    for (const route of routes) {
      const entry = policyFor(route);
      if (!entry || (only && !only.test(route.key))) continue;
      for (const c of Array.isArray(entry) ? entry : [entry]) {
        const id = route.key + (c.label ? ` [${c.label}]` : '');
        if (c.skip) { skipped.push(`${id}: ${c.skip}`); continue; }
        cases++;
        successes.set(id, 0);
        const caseStarted = Date.now();
        const report = (msg: string) => {
          if (c.leak) { leaks.push(`${msg} (known: ${c.leak})`); leakSeen.add(id); } else failures.push(msg);
        };
        const phases: readonly PhaseKey[] = c.phases === 'once' ? ['open-call'] : c.phases ?? PHASES;
        for (const phase of phases) {
          const f = world.phases[phase];
          const params = c.params ? await c.params(f, x) : defaultParams(route.path, f);
          if (!params) continue;
          if (c.body && (await c.body(f, x, 'admin')) === undefined) continue;
          triedPhases.add(`${id}@${phase}`);
          const url = fillPath(route.path, params) + (c.query ?? '');
          const phaseDecides = c.openIn !== undefined && !c.openIn.includes(phase);
          const allowed = new Set(phaseDecides ? [] : allowedIn(c, phase));
          const refused = CALLERS.filter((k) => !allowed.has(k));
          const where = `${route.method} ${url} in ${phase}`;

          // Fresh sessions are made before the database is fingerprinted: making them is not the request's doing.
          const fresh = new Map<Caller, Agent>();
          if (c.freshSession) for (const k of CALLERS) fresh.set(k, await freshCopy(t, k === 'guest' ? f.guest : world.agents[k]));
          const send = async (caller: Caller) => {
            const agent = fresh.get(caller) ?? (caller === 'guest' ? f.guest : world.agents[caller]);
            const body = c.body ? await c.body(f, x, caller) : undefined;
            requests++;
            const res = await answerWithin(agent.request(route.method as 'GET', url, body));
            if (!res) {
              failures.push(`${where} as ${caller}: no answer in 10 s`);
              return { statusCode: 0, body: '', json: () => ({}) } as unknown as LightMyRequestResponse;
            }
            const kind = `${allowed.has(caller) ? 'allowed' : 'refused'} ${res.statusCode}`;
            statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
            if (res.statusCode >= 500) failures.push(`${where} as ${caller}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            if (res.statusCode < 400 && c.check) {
              const wrong = c.check(res, caller, f);
              if (wrong) report(`${where} as ${caller}: ${wrong}`);
            }
            return res;
          };

          const write = route.method !== 'GET';
          const before = write ? (await t.app.proposalCounts.flush(), await fingerprint()) : undefined;
          const got: string[] = [];
          for (const caller of refused) {
            const res = await send(caller);
            got.push(`${caller} ${res.statusCode}`);
            const wrong = notARefusal(res, c, phaseDecides);
            if (wrong) report(`${where} as ${caller} (refused by the policy): ${wrong}`);
          }
          if (before) {
            await t.app.proposalCounts.flush();
            const changed = changedTables(before, await fingerprint());
            if (changed.length) report(`${where}: refused callers changed the database (${got.join(', ')}): ${changed.join('; ')}`);
          }
          for (const caller of CALLERS.filter((k) => allowed.has(k))) {
            const res = await send(caller);
            if (res.statusCode === 401 || res.statusCode === 403) {
              report(`${where} as ${caller} (allowed by the policy): ${res.statusCode} ${problemCode(res) ?? ''} ${res.body.slice(0, 160)}`);
            } else if (res.statusCode < 400) successes.set(id, successes.get(id)! + 1);
            else if (process.env.AUTHZ_DEBUG) console.log(`  allowed but ${res.statusCode}: ${where} as ${caller}: ${res.body.slice(0, 200)}`);
          }
        }
        if (!c.noSuccess && successes.get(id) === 0) {
          failures.push(`${id}: no allowed caller succeeded in any phase tried (a wrong fixture or body makes the case prove nothing)`);
        }
        if (process.env.AUTHZ_DEBUG) console.log(`${id}: ${Date.now() - caseStarted} ms`);
        if (c.leak && !leakSeen.has(id)) console.warn(`authz: ${id} is marked as a leak but held: remove its LEAK mark`);
      }
    }

    const seconds = (Date.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log([
      `authz matrix on ${t.engine}: ${routes.length} routes, ${cases} cases × ${CALLERS.length} callers × up to ${PHASES.length} phases`
        + ` (${triedPhases.size} route-phase pairs): ${requests} requests in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of this process's CPU)`,
      `  answers: ${[...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`,
      ...(skipped.length ? [`  not requested: ${skipped.join('; ')}`] : []),
      ...(leaks.length ? [`  KNOWN LEAKS still present (${leaks.length}):`, ...leaks.map((l) => `    ${l}`)] : []),
    ].join('\n'));
    expect(failures).toEqual([]);
    if (!only) expect(requests).toBeGreaterThan(1000);
  }, 240_000);
});
