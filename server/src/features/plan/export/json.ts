/** The plan document (schema /api/schemas/plan.json), written piece by piece: one page of commitments in memory at a time. */
import { PLAN_SCHEMA_VERSION, type PlanDocument } from '@mesa/shared';
import type { Conn } from '../../../db/database.ts';
import { commitmentPages, listEndorsements, type ProcessRow } from '../repo.ts';
import type { Plan } from '@mesa/shared';

const iso = (d: Date | string) => new Date(d).toISOString();

export async function* planJson(db: Conn, process: ProcessRow, plan: Plan): AsyncGenerator<string> {
  const phases = await db.selectFrom('process_phases').select(['kind', 'starts_at', 'ends_at']).where('process_id', '=', process.id).orderBy('position').execute();
  const head: Omit<PlanDocument, 'commitments' | 'endorsements' | 'exportedAt' | 'plan'> & { plan: Omit<PlanDocument['plan'], 'adoptedAt'> & { adoptedAt: string | null } } = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    process: {
      slug: process.slug, title: process.title, description: process.description, language: process.language as PlanDocument['process']['language'],
      phases: phases.map((p) => ({ kind: p.kind as PlanDocument['process']['phases'][number]['kind'], startsAt: iso(p.starts_at), endsAt: iso(p.ends_at) })),
    },
    plan: {
      title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd, leadInstitution: plan.leadInstitution, forum: plan.forum,
      independentMonitor: plan.independentMonitor, contact: plan.contact, ogpPageUrl: plan.ogpPageUrl, adoptedAt: plan.adoptedAt,
    },
  };
  const opening = JSON.stringify(head, null, 2);
  yield `${opening.slice(0, -2)},\n  "commitments": [`;
  let first = true;
  for await (const page of commitmentPages(db, process.id)) {
    for (const { id: _id, state: _state, ...c } of page) {
      yield `${first ? '' : ','}\n    ${JSON.stringify(c)}`;
      first = false;
    }
  }
  yield `${first ? '' : '\n  '}],\n  "endorsements": [`;
  const endorsements = await listEndorsements(db, process.id, 'confirmed');
  yield endorsements.map((e) => `\n    ${JSON.stringify({ organisation: e.organisation, representative: e.representative, role: e.role, statement: e.statement, confirmedAt: iso(e.reviewed_at ?? e.created_at) })}`).join(',');
  yield `${endorsements.length ? '\n  ' : ''}],\n  "exportedAt": ${JSON.stringify(new Date().toISOString())}\n}\n`;
}
