/** Test helpers: a process drafted through the real API up to commitments with milestones, ready to adopt. */
import { expect } from 'vitest';
import { processBody, type Agent } from '../../test/harness.ts';

export interface SeedCommitment {
  title: string;
  fields?: Record<string, string>;
  milestones?: { title: string; deliverable?: string; startsOn?: string; endsOn?: string; responsible?: string }[];
  leadInstitution?: string;
}

export const BUENOS_AIRES_COMMITMENTS: SeedCommitment[] = [
  {
    title: 'Participación ciudadana en la gestión pública',
    leadInstitution: 'Dirección General de Acceso a la Información y Gobierno Abierto',
    fields: { problem: 'La ciudadanía no cuenta con canales claros para incidir en la gestión.', description: 'Crear mesas de co-gestión con organizaciones y vecinos.' },
    milestones: [
      { title: 'Diagnóstico participativo publicado', deliverable: 'Informe de diagnóstico', startsOn: '2025-06-01', endsOn: '2025-12-31', responsible: 'Secretaría de Innovación' },
      { title: 'Mesas de co-gestión en funcionamiento', deliverable: 'Actas públicas', startsOn: '2026-01-01', endsOn: '2026-12-31', responsible: 'Gobierno Abierto' },
    ],
  },
  {
    title: 'Acción climática participativa y transparente: 4º Plan de Acción Climática',
    fields: { problem: 'Los datos climáticos están dispersos.', expectedResults: 'Un tablero público de emisiones con revisión ciudadana.' },
    milestones: [{ title: 'Tablero de emisiones en línea', deliverable: 'Sitio público', startsOn: '2025-07-01', endsOn: '2026-06-30', responsible: 'Agencia de Protección Ambiental' }],
  },
];

/** Creates `slug` and drafts `commitments` (numbered from ARBA0007) through the API; the process ends in the drafting phase. */
export async function draftedProcess(admin: Agent, slug: string, commitments: SeedCommitment[] = BUENOS_AIRES_COMMITMENTS) {
  expect((await admin.post('/api/processes', processBody(slug))).statusCode).toBe(201);
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  const sources: string[] = [];
  for (const [i, sector] of (['executive', 'civil-society', 'judiciary'] as const).entries()) {
    const res = await admin.post(`/api/processes/${slug}/proposals`, { title: `Propuesta número ${i + 1} sobre gobierno abierto`, body: 'Texto de la propuesta.', area: 'public-participation', sector });
    expect(res.statusCode).toBe(201);
    sources.push(res.json().id);
  }
  await admin.post(`/api/processes/${slug}/selection`, { proposalIds: sources });
  await admin.put(`/api/processes/${slug}/commitment-numbering`, { prefix: 'ARBA', start: 7 });
  await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'drafting' });
  const ids: string[] = [];
  for (const c of commitments) {
    const created = await admin.post(`/api/processes/${slug}/commitments`, { title: c.title, sourceProposalIds: [sources[0]], area: 'public-participation', leadInstitution: c.leadInstitution });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const patched = await admin.patch(`/api/commitments/${id}`, {
      baseVersion: 0, fields: c.fields ?? {}, milestones: c.milestones ?? [], startsOn: '2025-06-01', endsOn: '2027-10-31', contact: 'gobiernoabierto@buenosaires.gob.ar',
      supportingStakeholders: { government: ['Legislatura porteña'], civilSociety: ['Democracia en Red'] },
    });
    expect(patched.statusCode).toBe(200);
    ids.push(id);
  }
  return { sources, ids };
}

export const PLAN_META = {
  title: 'Cuarto Plan de Acción de Gobierno Abierto de la Ciudad de Buenos Aires 2025–2027',
  periodStart: '2025-06-01', periodEnd: '2027-10-31',
  leadInstitution: 'Dirección General de Acceso a la Información y Gobierno Abierto',
  forum: 'Foro de Gobierno Abierto (FOGA)', independentMonitor: 'Investigadora independiente (CONICET / UNSAM)',
  contact: 'gobiernoabierto@buenosaires.gob.ar', ogpPageUrl: 'https://www.opengovpartnership.org/members/buenos-aires-argentina/',
};
