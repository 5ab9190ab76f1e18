/**
 * The demo process, built from the public facts of the Buenos Aires 2025-2027 co-creation
 * (data/buenos-aires-2025.json). Loaded once, on an empty database.
 */
import type { CreateProcessBody, Phase, PhaseKind } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import { ProblemError } from '../../plugins/problems.ts';
import { createProcess, hasAnyProcess, openPhase, setOpeningPhase } from '../processes/service.ts';
import { loadProposals, validateImport } from '../proposals/admin-service.ts';
import { anyAdminId } from './repo.ts';
import buenosAires from './data/buenos-aires-2025.json' with { type: 'json' };
import challenge from './data/ogp-challenge-commitments.fr.json' with { type: 'json' };

export const DEMO_SLUG = 'buenos-aires-2025';
const DAY = 24 * 60 * 60 * 1000;

/** A schedule around `now` with the open call under way, so a visitor can take part at once. */
export function demoSchedule(now: Date): Phase[] {
  const weeks: [PhaseKind, number, number][] = [
    ['open-call', -14, 21], ['prioritisation', 21, 35], ['drafting', 35, 63], ['consultation', 63, 77], ['adopted', 77, 77 + 730],
  ];
  const at = (days: number) => new Date(Math.floor((now.getTime() + days * DAY) / DAY) * DAY).toISOString();
  return weeks.map(([kind, from, to]) => ({ kind, startsAt: at(from), endsAt: at(to) }));
}

export function demoProcessBody(now: Date): CreateProcessBody {
  const p = buenosAires.process;
  return {
    slug: DEMO_SLUG,
    title: p.title,
    description: [
      `${p.leadInstitution}. ${p.forum}.`,
      `Plan soumis le ${p.submitted} ; mise en œuvre jusqu'en ${p.ends}. ${buenosAires.openCall.submissionsReported} propositions reçues lors de l'appel ouvert, ${buenosAires.groupsParticipating} groupes participants, ${buenosAires.publicMeetings} réunions publiques.`,
      `Suivi indépendant : ${p.independentMonitor}.`,
    ].join('\n\n'),
    language: 'fr',
    phases: demoSchedule(now),
  };
}

/** Loads the demo process when the database holds no process at all; returns whether it did. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if (await hasAnyProcess(db)) return false;
  let created;
  try {
    created = await createProcess(db, demoProcessBody(now), null);
  } catch (err) {
    if (err instanceof ProblemError && err.code === 'duplicate') return false; // another instance seeded it first
    throw err;
  }
  const adminId = await anyAdminId(db);
  if (adminId) await openPhase(db, DEMO_SLUG, 'open-call', adminId, now);
  else await setOpeningPhase(db, created.id, 'open-call');
  await loadDemoProposals(db, created.id);
  return true;
}

/** The 60 Open Gov Challenge commitments (French summaries) as the open call's proposals. */
async function loadDemoProposals(db: Db, processId: string) {
  const checked = validateImport(challenge, 'fr');
  if (!checked.ok) throw new Error(`demo data: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  await loadProposals(db, processId, checked.rows);
}
