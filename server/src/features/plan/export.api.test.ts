import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAgent, Agent, residents, testApp, type TestApp } from '../../test/harness.ts';
import { BUENOS_AIRES_COMMITMENTS, draftedProcess, PLAN_META } from './test-fixtures.ts';

let t: TestApp;
let admin: Agent;
let visitor: Agent;
const TITLES = BUENOS_AIRES_COMMITMENTS.map((c) => c.title);
const MILESTONES = BUENOS_AIRES_COMMITMENTS.flatMap((c) => (c.milestones ?? []).map((m) => m.title));
const ENDORSERS = ['Democracia en Red', 'Asociación Civil por la Igualdad y la Justicia (ACIJ)'];

beforeAll(async () => {
  t = await testApp();
  admin = await adminAgent(t);
  visitor = new Agent(t.app);
  await draftedProcess(admin, 'ba-2025');
  await admin.put('/api/processes/ba-2025/plan', PLAN_META);
  await draftedProcess(admin, 'unadopted', [{ title: 'Borrador sin adoptar', milestones: [] }]);
  expect((await admin.post('/api/processes/ba-2025/adopt')).statusCode).toBe(200);
  const orgs = await residents(t, 3, 'org');
  for (const [i, organisation] of [...ENDORSERS, 'Pendiente SA'].entries()) {
    const res = await orgs[i]!.post('/api/processes/ba-2025/endorsements', { organisation, representative: `Representante ${i}`, role: 'Presidencia', statement: 'Apoyamos la co-creación.' });
    expect(res.statusCode).toBe(201);
    if (i < 2) expect((await admin.post(`/api/endorsements/${res.json().id}/confirm`)).statusCode).toBe(200);
  }
});
afterAll(async () => { await t.close(); });

const exportOf = (agent: Agent, query: string, slug = 'ba-2025') => agent.get(`/api/processes/${slug}/export?${query}`);

describe('who may export, and bad queries', () => {
  it('an unadopted plan: admins only (403 problem for others); an adopted one: anyone', async () => {
    const refused = await exportOf(visitor, 'format=json', 'unadopted');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await exportOf(admin, 'format=pdf&lang=en', 'unadopted')).statusCode).toBe(200);
    const draft = (await exportOf(admin, 'format=json', 'unadopted')).json();
    expect(draft.plan.adoptedAt).toBeNull();
    expect((await exportOf(visitor, 'format=csv')).statusCode).toBe(200);
    expect((await exportOf(visitor, 'format=json', 'nowhere')).statusCode).toBe(404);
  });

  it('unknown format, language or table → 400 problem naming the parameter', async () => {
    const cases: [string, string][] = [['format=xlsx', 'querystring.format'], ['format=pdf&lang=de', 'querystring.lang'], ['format=csv&table=proposals', 'querystring.table'], ['', 'querystring.format']];
    for (const [q, path] of cases) {
      const res = await exportOf(visitor, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('JSON', () => {
  it('follows the published schema and round-trips through an import into an empty instance', async () => {
    const res = await exportOf(visitor, 'format=json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ba-2025-plan.json"');
    const doc = res.json();
    const schema = (await visitor.get('/api/schemas/plan.json')).json();
    expect(schema.$id).toMatch(/\/api\/schemas\/plan\.json$/);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, commitments: [{ ...doc.commitments[0], area: 'astrology' }] })).toBe(false);

    expect(doc.commitments.map((c: { reference: string; title: string }) => `${c.reference} ${c.title}`)).toEqual([`ARBA0007 ${TITLES[0]}`, `ARBA0008 ${TITLES[1]}`]);
    expect(doc.commitments[0].milestones.map((m: { title: string }) => m.title)).toEqual(BUENOS_AIRES_COMMITMENTS[0]!.milestones!.map((m) => m.title));
    expect(doc.endorsements.map((e: { organisation: string }) => e.organisation)).toEqual(ENDORSERS);
    expect(doc.plan).toMatchObject(PLAN_META);

    const t2 = await testApp();
    try {
      const admin2 = await adminAgent(t2);
      expect((await new Agent(t2.app).post('/api/plans/import', doc)).statusCode).toBe(401);
      const bad = await admin2.post('/api/plans/import', { ...doc, commitments: [...doc.commitments, { ...doc.commitments[0], milestones: [{ title: '' }] }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toMatch(/^body\.commitments\.2\.milestones\.0/);
      const twice = await admin2.post('/api/plans/import', { ...doc, commitments: [doc.commitments[0], doc.commitments[0]] });
      expect(twice.statusCode).toBe(400);
      expect((await admin2.get('/api/processes/ba-2025')).statusCode).toBe(404);

      const imported = await admin2.post('/api/plans/import', doc);
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toEqual({ slug: 'ba-2025', commitments: 2, endorsements: 2 });
      expect((await admin2.post('/api/plans/import', doc)).statusCode).toBe(409);

      const again = (await exportOf(new Agent(t2.app), 'format=json')).json();
      const { exportedAt: _a, ...first } = doc;
      const { exportedAt: _b, ...second } = again;
      expect(second).toEqual(first);
      const process = (await new Agent(t2.app).get('/api/processes/ba-2025')).json();
      expect(process.activePhase).toBe('adopted');
      const list = (await new Agent(t2.app).get('/api/processes/ba-2025/commitments')).json().items;
      expect(list.map((c: { state: string }) => c.state)).toEqual(['final', 'final']);
      expect((await new Agent(t2.app).get(`/api/commitments/${list[0].id}/versions`)).json().items.map((v: { label: string }) => v.label)).toEqual(['adopted']);
    } finally {
      await t2.close();
    }
  });
});

describe('CSV', () => {
  it('commitments and milestones, one row each, accents intact', async () => {
    const commitments = await exportOf(visitor, 'format=csv&table=commitments');
    expect(commitments.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(commitments.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.title)).toEqual(TITLES);
    expect(rows[0]).toMatchObject({ reference: 'ARBA0007', state: 'final', area: 'public-participation', supportingCivilSociety: 'Democracia en Red', milestones: '2' });
    const milestones = parse((await exportOf(visitor, 'format=csv&table=milestones')).rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(milestones.map((m) => `${m.commitmentReference}/${m.position} ${m.title}`)).toEqual([`ARBA0007/1 ${MILESTONES[0]}`, `ARBA0007/2 ${MILESTONES[1]}`, `ARBA0008/1 ${MILESTONES[2]}`]);
    expect(milestones[0]).toMatchObject({ startsOn: '2025-06-01', endsOn: '2025-12-31', status: 'not-started', progress: '0' });
  });
});

const decode = (xml: string) => xml.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The visible text of word/document.xml, runs joined per paragraph. */
function docxText(buf: Buffer) {
  const files = unzipSync(new Uint8Array(buf));
  const xml = strFromU8(files['word/document.xml']!);
  return xml.split('</w:p>').map((p) => decode([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))).filter(Boolean);
}

describe('DOCX', () => {
  it.each([
    ['es', ['Índice', 'Hitos', 'Adhesiones', 'Anexo: evidencia de la co-creación', 'Entregable verificable', 'Propuestas recibidas', 'Problema a abordar', 'Días de aviso antes de la primera fase', 'Estándares de Participación y Co-creación de OGP']],
    ['fr', ['Table des matières', 'Jalons', 'Soutiens', 'Annexe : preuves de la co-création', 'Livrable vérifiable', 'Propositions reçues', 'Problème à résoudre', 'Organisations participantes', 'Normes de participation et de co-création de l’OGP']],
  ])('in %s: cover, contents, every commitment, milestone and confirmed endorsement, headings in that language', async (lang, headings) => {
    const res = await exportOf(visitor, `format=docx&lang=${lang}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="ba-2025-plan-${lang}.docx"`);
    const text = docxText(res.rawPayload);
    expect(text[0]).toBe(PLAN_META.title);
    for (const h of headings) expect(text, h).toContain(h);
    for (const title of TITLES) expect(text.filter((p) => p.includes(title)).length, title).toBeGreaterThanOrEqual(2); // contents + section
    for (const m of MILESTONES) expect(text, m).toContain(m);
    for (const e of ENDORSERS) expect(text, e).toContain(e);
    expect(text.join('\n')).not.toContain('Pendiente SA');
    expect(text).not.toContain('Milestones');
  });
});

describe('PDF', () => {
  it('embeds its fonts: the extracted text has every commitment title with its accents', async () => {
    const res = await exportOf(visitor, 'format=pdf&lang=es');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'mesa-plan-')), 'plan.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const title of TITLES) expect(text, title).toContain(title);
    expect(text).toContain('Participación ciudadana en la gestión pública');
    // pdftotext joins a word hyphenated at a line end (co-\ngestión → cogestión): compare milestones without hyphens
    for (const m of MILESTONES) expect(text.replace(/-/g, ''), m).toContain(m.replace(/-/g, ''));
    for (const e of ENDORSERS) expect(text, e).toContain(e);
    for (const h of ['Índice', 'Hitos', 'Adhesiones', 'Anexo: evidencia de la co-creación', 'Estándares de Participación y Co-creación de OGP']) expect(text, h).toContain(h);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts.split('\n').slice(2).filter(Boolean).every((line) => / yes /.test(line))).toBe(true);
  });
});
