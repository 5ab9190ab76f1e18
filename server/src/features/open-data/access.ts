/** Who may download a process's open data: admins always, anyone once the `adopted` phase has opened. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';
import { phaseEverOpened, requireProcess } from '../processes/service.ts';

export interface ExportProcess { id: string; slug: string; title: string; language: string }

/** Pure: whether the caller may export (admins before adoption; everyone after). */
export function mayExport(isAdmin: boolean, adoptedOpened: boolean): boolean {
  return isAdmin || adoptedOpened;
}

/** The process, or 404; 403 `admin-only` for anyone but an admin before the adopted phase opened. */
export async function exportableProcess(db: Db, slug: string, request: FastifyRequest): Promise<ExportProcess> {
  const p = await requireProcess(db, slug, ['id', 'slug', 'title', 'language', 'active_phase']);
  // Opened once is enough: the timeline keeps every opening, even if an admin later reopened another phase.
  const adoptedOpened = p.active_phase === 'adopted' || (await phaseEverOpened(db, p.id, 'adopted'));
  // Before adoption the data is still being worked on: only an administrator may take it away.
  if (!mayExport(request.user?.isAdmin === true, adoptedOpened)) throw problem.notAllowed('admin-only');
  return { id: p.id, slug: p.slug, title: p.title, language: p.language };
}
