/**
 * fast-check arbitraries built from the routes' zod schemas (through zod's own JSON Schema, which
 * carries every length, range, pattern and format): values that look valid, with ids drawn from
 * the database so requests get past "not found", and mutations of them that an attacker or a
 * broken client would send (NUL, lone surrogates, huge strings, wrong types, extra keys, deep
 * nesting, numbers out of range).
 */
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, any>;

/** What the arbitraries draw real values from: ids per table, and strings the domain uses. */
export interface Pools {
  idsByTable: Record<string, string[]>;
  allIds: string[];
  strings: string[];
}

/** A property name (or route segment) to the table its ids come from. */
const ID_TABLES: Record<string, string> = {
  proposal: 'proposals', source: 'proposals', user: 'users', member: 'users', round: 'rounds', commitment: 'commitments',
  workshop: 'workshops', target: '', parent: 'comments', version: 'commitment_versions', milestone: 'milestones',
  proposals: 'proposals', commitments: 'commitments', rounds: 'rounds', workshops: 'workshops', comments: 'comments',
  endorsements: 'endorsements', milestones: 'milestones', 'milestone-updates': 'milestone_updates', 'workshop-questions': 'workshop_questions',
  meetings: 'public_meetings', suggestions: 'suggestions', sessions: 'sessions', members: 'users',
};

/** Building arbitraries is costly (a route's schema holds many of the same): each is made once per key. */
const made = new Map<string, fc.Arbitrary<any>>();
function once<T>(key: string, build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  if (!made.has(key)) made.set(key, build());
  return made.get(key)!;
}

/** Ids of `table` (most of the time) or any uuid. */
export function idsOf(table: string, pools: Pools): fc.Arbitrary<string> {
  return idArb(undefined, pools, table);
}

function idArb(hint: string | undefined, pools: Pools, table = ID_TABLES[hint?.replace(/Ids?$/, '') ?? '']): fc.Arbitrary<string> {
  const ids = (table && pools.idsByTable[table]?.length ? pools.idsByTable[table] : pools.allIds) ?? [];
  const random = once('uuid', () => fc.uuid({ version: 4 }));
  return once(`ids:${table && pools.idsByTable[table]?.length ? table : '*'}`, () => (ids.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: random }) : random));
}

function plainString(s: Json, pools: Pools): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, Math.max(min, 60));
  const fit = (v: string) => (v.length < min ? v.padEnd(min, 'x') : v).slice(0, Math.max(max, min));
  return once(`text:${min}:${max}`, () => fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 30) }) },
    { weight: 2, arbitrary: once('domain', () => fc.constantFrom(...pools.strings)) },
    { weight: 1, arbitrary: once('lorem', () => fc.lorem({ maxCount: 6 })) },
  ).map(fit));
}

function stringArb(s: Json, hint: string | undefined, pools: Pools): fc.Arbitrary<string> {
  const date = () => once('date', () => fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }));
  if (s.format === 'uuid') return idArb(hint, pools);
  if (s.format === 'email') return once('email', () => fc.oneof(fc.emailAddress(), fc.constantFrom('admin@example.org', 'someone@example.org')));
  if (s.format === 'date-time') return once('date-time', () => date().map((d) => d.toISOString()));
  if (s.format === 'date') return once('day', () => date().map((d) => d.toISOString().slice(0, 10)));
  if (s.format === 'uri') return once(`uri:${s.maxLength}`, () => fc.webUrl({ validSchemes: ['https'] }).map((u) => u.slice(0, s.maxLength ?? 500)));
  if (typeof s.pattern === 'string') {
    const matching = once(`re:${s.pattern}`, () => fc.stringMatching(new RegExp(s.pattern))).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
    const known = pools.strings.filter((v) => new RegExp(s.pattern).test(v) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
    return known.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: matching }) : matching;
  }
  if (hint && /Id$|Ids$|^id$/.test(hint)) return fc.oneof(idArb(hint, pools), plainString(s, pools));
  return plainString(s, pools);
}

function numberArb(s: Json, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1000);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1000);
  const lo = Math.max(min, -1e6);
  const hi = Math.min(max, Math.max(lo, 1e6));
  return once(`n:${integer}:${lo}:${hi}`, () => (integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })));
}

/** Special cases by property name: values a shape alone does not tell (real rooms, ballots). */
export type Overrides = Record<string, () => fc.Arbitrary<unknown>>;

function fromJson(s: Json, defs: Json, pools: Pools, overrides: Overrides, hint: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if (hint && overrides[hint]) return overrides[hint]();
  if (depth > 8) return fc.constant(null);
  if (typeof s.$ref === 'string') return fromJson(defs[s.$ref.split('/').pop()!] ?? {}, defs, pools, overrides, hint, depth + 1);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const options = s.anyOf ?? s.oneOf;
  if (Array.isArray(options)) return fc.oneof(...options.map((o: Json) => fromJson(o, defs, pools, overrides, hint, depth + 1)));
  if (Array.isArray(s.allOf)) return fromJson(Object.assign({}, ...s.allOf), defs, pools, overrides, hint, depth + 1);
  const type = Array.isArray(s.type) ? s.type : [s.type];
  if (type.length > 1) return fc.oneof(...type.map((t: string) => fromJson({ ...s, type: t }, defs, pools, overrides, hint, depth + 1)));
  switch (type[0]) {
    case 'string': return stringArb(s, hint, pools);
    case 'integer': return numberArb(s, true);
    case 'number': return numberArb(s, false);
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      if (Array.isArray(s.prefixItems)) return fc.tuple(...s.prefixItems.map((i: Json) => fromJson(i, defs, pools, overrides, hint, depth + 1)));
      const minLength = s.minItems ?? 0;
      return fc.array(fromJson(s.items ?? {}, defs, pools, overrides, hint, depth + 1), { minLength, maxLength: Math.min(s.maxItems ?? minLength + 3, minLength + 3) });
    }
    case 'object': {
      const props: Json = s.properties ?? {};
      if (Object.keys(props).length === 0 && s.additionalProperties && typeof s.additionalProperties === 'object') {
        const key = s.propertyNames?.enum ? fc.constantFrom(...s.propertyNames.enum as string[]) : fc.oneof(idArb(undefined, pools), plainString({ maxLength: 20 }, pools));
        return fc.dictionary(key as fc.Arbitrary<string>, fromJson(s.additionalProperties, defs, pools, overrides, undefined, depth + 1), { maxKeys: 4 });
      }
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromJson(v as Json, defs, pools, overrides, k, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in model) });
    }
    default: return once('json', () => fc.jsonValue({ maxDepth: 2 }));
  }
}

/** Values that look valid for `schema` (the request side of it). */
export function fromZod(schema: z.ZodType, pools: Pools, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return fromJson(json, json.$defs ?? {}, pools, overrides, undefined, 0);
}

// ---- mutations ---------------------------------------------------------------------------------

export const MUTATIONS = ['nul', 'surrogate', 'huge', 'wrong-type', 'extra-key', 'drop-key', 'deep', 'number', 'root', 'proto'] as const;
export type Mutation = { kind: (typeof MUTATIONS)[number]; pick: number; variant: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  // Text the database cannot hold is what the issue found most: it is drawn three times as often.
  kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Mutation['kind']>('nul', 'surrogate') }, { weight: 8, arbitrary: fc.constantFrom(...MUTATIONS.slice(2)) }),
  pick: fc.nat(),
  variant: fc.nat(),
});

type Path = (string | number)[];
function leaves(value: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []) {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, Array.isArray(value) ? Number(k) : k], out);
    if (Object.keys(value).length === 0) out.push({ path, value });
  } else out.push({ path, value });
  return out;
}
function objects(value: unknown, path: Path = [], out: { path: Path; value: Json }[] = []) {
  if (value !== null && typeof value === 'object') {
    if (!Array.isArray(value)) out.push({ path, value: value as Json });
    for (const [k, v] of Object.entries(value)) objects(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}
function setAt(root: unknown, path: Path, v: unknown): unknown {
  if (path.length === 0) return v;
  let node = root as Json;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path.at(-1)!] = v;
  return root;
}

const WRONG = [123, -1, true, false, null, [], {}, 'text', 1e308, [1, 'a'], { a: { b: 1 } }];
const NUMBERS = [-1, 0, -0, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 0.5, 1e-300];
const ROOTS = [null, 42, 'text', [], true, [[]], { '': '' }];
const HUGE = [5_000, 100_000, 1_100_000];
const BAD_TEXT = ['\u0000', '\ud800', '\udfff', 'a\u0000b', '\udbff\u0000'];

/** Deep nesting is kept as a marker and written out by `toJson` (JSON.stringify itself would overflow the stack). */
const DEEP = '\u0001deep:';
function nest(depth: number, asObject: boolean): string {
  return `${DEEP}${depth}:${asObject ? 'o' : 'a'}`;
}

/** JSON text of a (mutated) value, with deep-nesting markers expanded. */
export function toJson(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  return text?.replace(/"\\u0001deep:(\d+):([oa])"/g, (_, n: string, kind: string) => {
    const depth = Number(n);
    return kind === 'o' ? '{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth) : '['.repeat(depth) + '"x"' + ']'.repeat(depth);
  });
}

/** `value` changed by `m`; always a fresh copy. */
export function mutate(value: unknown, m: Mutation): unknown {
  const root = value === undefined ? {} : structuredClone(value);
  const ls = leaves(root);
  const leaf = ls[m.pick % ls.length]!;
  const strings = ls.filter((l) => typeof l.value === 'string');
  const obs = objects(root);
  switch (m.kind) {
    case 'nul':
    case 'surrogate': {
      const bad = m.kind === 'nul' ? BAD_TEXT[m.variant % 2 === 0 ? 0 : 3]! : BAD_TEXT[1 + (m.variant % 2)]!;
      // Into a string where there is one (keys count too), else the whole leaf becomes the bad string.
      if (m.variant % 5 === 4 && obs.length) {
        const o = obs[m.pick % obs.length]!.value;
        o[`k${bad}`] = 'v';
        return root;
      }
      const target = strings.length ? strings[m.pick % strings.length]! : leaf;
      const s = typeof target.value === 'string' ? target.value : '';
      const at = s.length ? m.variant % (s.length + 1) : 0;
      return setAt(root, target.path, s.slice(0, at) + bad + s.slice(at));
    }
    case 'huge': {
      const target = strings.length ? strings[m.pick % strings.length]! : leaf;
      return setAt(root, target.path, 'é'.repeat(HUGE[m.variant % HUGE.length]! / 2));
    }
    case 'wrong-type': return setAt(root, leaf.path, structuredClone(WRONG[m.variant % WRONG.length]));
    case 'extra-key': {
      if (!obs.length) return { unexpected: root };
      obs[m.pick % obs.length]!.value[`extra${m.variant % 3}`] = WRONG[m.variant % WRONG.length];
      return root;
    }
    case 'drop-key': {
      const withKeys = obs.filter((o) => Object.keys(o.value).length);
      if (!withKeys.length) return root;
      const o = withKeys[m.pick % withKeys.length]!.value;
      delete o[Object.keys(o)[m.variant % Object.keys(o).length]!];
      return root;
    }
    case 'deep': return setAt(root, leaf.path, nest(m.variant % 2 ? 5_000 : 200, m.variant % 3 === 0));
    case 'number': {
      const nums = ls.filter((l) => typeof l.value === 'number');
      return setAt(root, (nums.length ? nums[m.pick % nums.length]! : leaf).path, NUMBERS[m.variant % NUMBERS.length]);
    }
    case 'root': return structuredClone(ROOTS[m.variant % ROOTS.length]);
    case 'proto': {
      if (!obs.length) return { ['__proto__']: { polluted: true }, value: root };
      const o = obs[m.pick % obs.length]!.value;
      // An own `__proto__` key survives JSON.stringify; Fastify's parser must refuse it, not apply it.
      Object.defineProperty(o, m.variant % 2 ? '__proto__' : 'constructor', { value: { prototype: { polluted: true }, polluted: true }, enumerable: true, configurable: true, writable: true });
      return root;
    }
  }
}

/** Strings with lone surrogates cannot go through encodeURIComponent: those become bytes that are not UTF-8. */
export function encodeComponent(s: string): string {
  if ((s as { isWellFormed?: () => boolean }).isWellFormed?.()) return encodeURIComponent(s);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) { out += encodeURIComponent(s.slice(i, i + 2)); i++; continue; }
    if (c >= 0xd800 && c <= 0xdfff) { out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase(); continue; }
    out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** A query object as a query string: arrays repeat the key, objects go as JSON. */
export function queryString(q: unknown): string {
  if (q === undefined || q === null || typeof q !== 'object') return q === undefined ? '' : `?q=${encodeComponent(String(q))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${encodeComponent(k)}=${encodeComponent(typeof item === 'object' ? toJson(item) ?? '' : String(item))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
