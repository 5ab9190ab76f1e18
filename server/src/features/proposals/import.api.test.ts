/**
 * Large proposal imports (issue 13, item 3) and where text/csv is taken (item 10): past
 * PostgreSQL's 65,535 parameters a statement (5,461 rows of 12), still all or nothing with
 * every bad row named; the CSV parsed as it streams, within its limit; anyone but an admin
 * refused before the body is read; every other route answers 415 to text/csv.
 */
import { Readable } from 'node:stream';
import { IMPORT_CSV_MAX_BYTES } from '@mesa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, residents, testApp, type TestApp } from '../../test/harness.ts';
import { reference, searchText } from './rules.ts';

let t: TestApp;
let admin: Agent;
let resident: Agent;
const ROWS = 6000;

const csvOf = (n: number, row: (i: number) => string, header = 'ref,title,body,area,sector,organisation') =>
  `\ufeff${header}\r\n${Array.from({ length: n }, (_, i) => row(i)).join('\r\n')}\r\n`;
const goodRow = (i: number) => `R-${i},"Propuesta ${i}, con coma","Texto ""citado"" de la propuesta ${i}\ncon salto de línea y ñ",justice,civil-society,Org ${i % 7}`;

/** Rows an import left in its staging table (none once it answered, whatever the answer). */
async function staged(): Promise<number> {
  return Number((await t.db.selectFrom('proposal_import_rows' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

async function count(slug: string): Promise<number> {
  const row = await t.db.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id')
    .select((eb) => eb.fn.countAll<number>().as('n')).where('processes.slug', '=', slug).executeTakeFirstOrThrow();
  return Number(row.n);
}
const postCsv = (agent: Agent, slug: string, csv: string) =>
  agent.request('POST', `/api/processes/${slug}/import`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  resident = (await residents(t, 1))[0]!;
  for (const slug of ['big', 'bad', 'json', 'limits']) {
    expect((await admin.post('/api/processes', { ...processBody(slug), language: 'es' })).statusCode).toBe(201);
    await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  }
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('a CSV import past the parameter limit', () => {
  it(`${ROWS} rows go in, in one transaction, numbered in order, quotes, commas and line breaks intact`, async () => {
    const res = await postCsv(admin, 'big', csvOf(ROWS, goodRow));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    const out = res.json();
    expect(out.imported).toBe(ROWS);
    expect(out.references).toHaveLength(ROWS);
    expect([out.references[0], out.references.at(-1)]).toEqual(['P-0001', `P-${ROWS}`]);
    expect(await count('big')).toBe(ROWS);
    const last = await t.db.selectFrom('proposals').select(['number', 'title', 'body', 'external_ref', 'lang', 'organisation', 'body_html'])
      .where('external_ref', '=', `R-${ROWS - 1}`).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ number: ROWS, title: `Propuesta ${ROWS - 1}, con coma`, body: `Texto "citado" de la propuesta ${ROWS - 1}\ncon salto de línea y ñ`, lang: 'es', organisation: `Org ${(ROWS - 1) % 7}` });
    expect(last.body_html).toContain('<p>');
    expect(await staged()).toBe(0);
    // search text as a proposal written in the portal gets it, reference first
    const sample = await t.db.selectFrom('proposals').select(['number', 'title', 'body', 'organisation', 'external_ref', 'search_text'])
      .where('external_ref', 'in', ['R-0', 'R-9999', `R-${ROWS - 1}`]).execute();
    expect(sample).toHaveLength(2);
    for (const p of sample) expect(p.search_text).toBe(searchText({ ...p, externalRef: p.external_ref, reference: reference(p.number) }));
    // the next proposal takes the number after the import's
    const next = await admin.post('/api/processes/big/proposals', { title: 'Una más', body: 'Texto', area: 'justice', sector: 'academia' });
    expect(next.json().reference).toBe(`P-${ROWS + 1}`);
  }, 120_000);

  it('bad rows anywhere: nothing is inserted and every bad row is named by its index in one 400', async () => {
    const bad = new Set([0, 2500, 5999]);
    const csv = csvOf(ROWS, (i) => (bad.has(i) ? `X-${i},Título válido,B,nowhere,civil-society,` : i === 4000 ? `X-${i},Título válido,,justice,academia,` : i === 4500 ? `X-${i},Título válido,B,justice,martians,` : goodRow(i)));
    const res = await postCsv(admin, 'bad', csv);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(['0.area', '2500.area', '4000.body', '4500.sector', '5999.area']);
    expect(await count('bad')).toBe(0);
    expect(await staged()).toBe(0);
    expect((await t.db.selectFrom('processes').select('proposal_seq').where('slug', '=', 'bad').executeTakeFirstOrThrow()).proposal_seq).toBe(0);
  }, 60_000);

  it(`the same through JSON (${ROWS} items)`, async () => {
    const items = Array.from({ length: ROWS }, (_, i) => ({ ref: `J-${i}`, summary: `Resumen ${i}. Más texto.`, challengeArea: 'justice', branch: 'academia' }));
    const res = await admin.post('/api/processes/json/import', { items });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(res.json().imported).toBe(ROWS);
    expect(await count('json')).toBe(ROWS);
    const bad = await admin.post('/api/processes/json/import', [...items.slice(0, 10), { summary: 'x' }]);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['10.area']);
    expect(await count('json')).toBe(ROWS);
  }, 120_000);
});

describe('what an import stores', () => {
  it('search text and references as the portal writes them, past P-9999 and with accents folded', async () => {
    await t.db.updateTable('processes').set({ proposal_seq: 9998 }).where('slug', '=', 'limits').execute();
    const items = ['ΟΔΟΣ Σ electoral', 'Ñandú «Électorale» Ǆ', 'ﬁ ligature'].map((title, i) => ({ title, body: `Cuerpo ${title}`, area: 'justice', organisation: i ? 'Açaí Org' : undefined, ref: `S-${i}` }));
    const res = await admin.post('/api/processes/limits/import', items);
    expect(res.json().references).toEqual(['P-9999', 'P-10000', 'P-10001']);
    const rows = await t.db.selectFrom('proposals').innerJoin('processes', 'processes.id', 'proposals.process_id')
      .select(['proposals.number', 'proposals.title', 'proposals.body', 'proposals.organisation', 'proposals.external_ref', 'proposals.search_text'])
      .where('processes.slug', '=', 'limits').orderBy('proposals.number').execute();
    for (const p of rows) expect(p.search_text).toBe(searchText({ ...p, externalRef: p.external_ref, reference: reference(p.number) }));
    expect(rows[1]!.search_text).toContain('p-10000 s-1 nandu «electorale»');
    await t.db.deleteFrom('proposals').where('external_ref', 'like', 'S-%').execute();
    await t.db.updateTable('processes').set({ proposal_seq: 0 }).where('slug', '=', 'limits').execute();
  });
});

describe('bad CSV bodies', () => {
  it('a broken CSV, a header with no rows, an empty body: 400 problems, nothing written', async () => {
    const broken = await postCsv(admin, 'limits', 'title,body,area\n"unclosed,quote,justice\n');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'bad-request' });
    expect(broken.json().detail).toMatch(/^CSV: /);
    const ragged = await postCsv(admin, 'limits', 'title,body,area\na,b\n');
    expect(ragged.statusCode).toBe(400);
    for (const body of ['title,body,area\n', '', '\n\n']) {
      const res = await postCsv(admin, 'limits', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ path: 'body', message: 'no rows to import' });
    }
    const unknownColumn = await postCsv(admin, 'limits', 'title,body,area,colour\nTítulo válido,B,justice,red\n');
    expect(unknownColumn.json().errors[0].path).toBe('0');
    expect(await count('limits')).toBe(0);
  });

  it(`a CSV over ${IMPORT_CSV_MAX_BYTES / 2 ** 20} MiB is refused with 413, whether it says its length or not`, async () => {
    const said = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: 'title\nx\n',
      headers: { cookie: admin.cookieHeader(), 'x-csrf-token': await admin.refreshCsrf(), 'content-type': 'text/csv', 'content-length': String(IMPORT_CSV_MAX_BYTES + 1) } });
    expect([said.statusCode, said.json().code]).toEqual([413, 'too-large']);
    // no length given (chunked): read up to the limit, then refused
    const chunk = Buffer.from(`${'t'.repeat(256 * 1024 - 1)}\n`);
    let sent = 0;
    const endless = new Readable({ read() { sent += chunk.length; this.push(sent > IMPORT_CSV_MAX_BYTES + 4 * chunk.length ? null : chunk); } });
    const streamed = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: endless,
      headers: { cookie: admin.cookieHeader(), 'x-csrf-token': await admin.refreshCsrf(), 'content-type': 'text/csv' } });
    expect([streamed.statusCode, streamed.json().code]).toEqual([413, 'too-large']);
    expect(streamed.json().detail).toBe(`This request may be at most ${IMPORT_CSV_MAX_BYTES / 2 ** 20} MiB.`);
    // a JSON body has its own, smaller limit, said as such
    const json = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: `[${'"x",'.repeat(3 * 2 ** 20)}"x"]`,
      headers: { cookie: admin.cookieHeader(), 'x-csrf-token': await admin.refreshCsrf(), 'content-type': 'application/json' } });
    expect([json.statusCode, json.json().detail]).toEqual([413, 'This request may be at most 10 MiB.']);
    expect(await count('limits')).toBe(0);
  }, 60_000);

  it('an upload cut off midway, or to a process that does not exist: nothing stays behind, the server goes on', async () => {
    const headers = { cookie: admin.cookieHeader(), 'x-csrf-token': await admin.refreshCsrf(), 'content-type': 'text/csv' };
    // 3,000 good rows (three staged batches), then the client goes away
    const rows = csvOf(3000, goodRow).split('\r\n');
    let i = 0;
    const cut = new Readable({
      read() {
        if (i < rows.length) this.push(`${rows.slice(i, (i += 500)).join('\r\n')}\r\n`);
        else this.destroy(new Error('the client went away'));
      },
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: cut, headers }).catch((err: Error) => err);
    if (!(res instanceof Error)) expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(await staged()).toBe(0);
    expect(await count('limits')).toBe(0);
    const missing = await t.app.inject({ method: 'POST', url: '/api/processes/nowhere/import', payload: csvOf(10, goodRow), headers });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'not-found']);
    // an answer given before the body was read closes the connection rather than reading the rest
    expect(missing.headers.connection).toBe('close');
    const ok = await postCsv(admin, 'limits', csvOf(2, goodRow));
    expect(ok.json().references).toEqual(['P-0001', 'P-0002']);
    await t.db.deleteFrom('proposals').where('process_id', '=', (await t.db.selectFrom('processes').select('id').where('slug', '=', 'limits').executeTakeFirstOrThrow()).id).execute();
    await t.db.updateTable('processes').set({ proposal_seq: 0 }).where('slug', '=', 'limits').execute();
  });

  it('anonymous and non-admin callers are refused before the body is read (401, 403)', async () => {
    const huge = { 'content-type': 'text/csv', 'content-length': String(IMPORT_CSV_MAX_BYTES + 1) };
    const visitor = new Agent(t.app, '10.5.5.5');
    const token = await visitor.refreshCsrf();
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: 'title\nx\n', headers: { ...huge, cookie: visitor.cookieHeader(), 'x-csrf-token': token } });
    expect(anonymous.statusCode).toBe(401);
    const resident403 = await t.app.inject({ method: 'POST', url: '/api/processes/limits/import', payload: 'title\nx\n',
      headers: { ...huge, cookie: resident.cookieHeader(), 'x-csrf-token': await resident.refreshCsrf() } });
    expect(resident403.statusCode).toBe(403);
  });
});

describe('text/csv only where a route takes it', () => {
  it('a route that never takes CSV answers 415 problem+json without reading the body, whatever its size', async () => {
    const visitor = new Agent(t.app, '10.5.5.6');
    const token = await visitor.refreshCsrf();
    for (const url of ['/api/workshops/join', '/api/auth/login', '/api/processes/limits/proposals']) {
      const res = await t.app.inject({ method: 'POST', url, payload: 'code\nABC123\n', headers: { cookie: visitor.cookieHeader(), 'x-csrf-token': token, 'content-type': 'text/csv', 'content-length': String(11 * 2 ** 20) } });
      expect(res.statusCode, url).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('unsupported-media-type');
    }
  });

  it('the progress import still takes CSV (its own 2 MiB limit)', async () => {
    const res = await admin.request('POST', '/api/processes/limits/progress-import', undefined, { rawBody: 'milestone,status\n', headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'body', message: 'no rows to import' });
    const big = await t.app.inject({ method: 'POST', url: '/api/processes/limits/progress-import', payload: 'x\n',
      headers: { cookie: admin.cookieHeader(), 'x-csrf-token': await admin.refreshCsrf(), 'content-type': 'text/csv', 'content-length': String(2 * 2 ** 20 + 1) } });
    expect(big.statusCode).toBe(413);
  });
});
