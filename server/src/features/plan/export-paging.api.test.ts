import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAgent, Agent, processBody, testApp, type TestApp } from '../../test/harness.ts';
import { PAGE_SIZE } from './repo.ts';

// More commitments than one page (PAGE_SIZE) of the exports' reads: every one must come out, in reference order.
const COUNT = PAGE_SIZE * 2 + 7;
let t: TestApp;
const title = (i: number) => `Compromiso número ${i + 1}: información pública accesible y participación`;

beforeAll(async () => {
  t = await testApp();
  const admin = await adminAgent(t);
  await admin.post('/api/processes', processBody('big-plan'));
  const p = await t.db.selectFrom('processes').select('id').where('slug', '=', 'big-plan').executeTakeFirstOrThrow();
  const rows = await t.db.insertInto('commitments').values(Array.from({ length: COUNT }, (_, i) => ({
    process_id: p.id, reference: `BIGP${String(i + 1).padStart(4, '0')}`, title: title(i), area: 'access-to-information', state: 'final',
    fields: JSON.stringify({ problem: `Problema ${i + 1}` }),
  }))).returning(['id', 'reference']).execute();
  await t.db.insertInto('milestones').values(rows.flatMap((r) => [0, 1].map((position) => ({
    commitment_id: r.id, process_id: p.id, position, title: `${r.reference} hito ${position + 1}`, starts_on: '2026-01-01', ends_on: '2026-12-31',
  })))).execute();
  expect((await admin.post('/api/processes/big-plan/adopt')).statusCode).toBe(200);
});
afterAll(async () => { await t.close(); });

it(`exports all ${COUNT} commitments (read ${PAGE_SIZE} at a time) in JSON, CSV and PDF`, async () => {
  const visitor = new Agent(t.app);
  const refs = Array.from({ length: COUNT }, (_, i) => `BIGP${String(i + 1).padStart(4, '0')}`);
  const doc = (await visitor.get('/api/processes/big-plan/export?format=json')).json();
  expect(doc.commitments.map((c: { reference: string }) => c.reference)).toEqual(refs);
  expect(doc.commitments.every((c: { milestones: unknown[] }) => c.milestones.length === 2)).toBe(true);

  const csv = parse((await visitor.get('/api/processes/big-plan/export?format=csv')).rawPayload, { columns: true, bom: true }) as { reference: string }[];
  expect(csv.map((r) => r.reference)).toEqual(refs);
  const milestones = parse((await visitor.get('/api/processes/big-plan/export?format=csv&table=milestones')).rawPayload, { columns: true, bom: true }) as { title: string }[];
  expect(milestones).toHaveLength(COUNT * 2);
  expect(milestones.at(-1)!.title).toBe(`${refs.at(-1)} hito 2`);

  const pdf = await visitor.get('/api/processes/big-plan/export?format=pdf&lang=pt');
  const file = join(mkdtempSync(join(tmpdir(), 'mesa-plan-')), 'big.pdf');
  writeFileSync(file, pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (let i = 0; i < COUNT; i += 1) expect(text).toContain(`${refs[i]} — ${title(i)}`);
  expect(text).toContain('Marcos');
}, 120_000);
