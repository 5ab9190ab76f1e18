/** Who may download a process's open data: admins always, anyone once the `adopted` phase has opened. */
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';

export interface ExportProcess { id: string; slug: string; title: string; language: string }

/** Pure: whether the caller may export (admins before adoption; everyone after). */
export function mayExport(isAdmin: boolean, adoptedOpened: boolean): boolean {
  return isAdmin || adoptedOpened;
}

/** The process, or 404; 403 `admin-only` for anyone but an admin before the adopted phase opened. */
export async function exportableProcess(db: Db, slug: string, request: FastifyRequest): Promise<ExportProcess> {
  const p = await db.selectFrom('processes').select(['id', 'slug', 'title', 'language', 'active_phase']).where('slug', '=', slug).executeTakeFirst();
  if (!p) throw problem.notFound('process');
  // Opened once is enough: the timeline keeps every opening, even if an admin later reopened another phase.
  const adoptedOpened = p.active_phase === 'adopted' || (await db.selectFrom('process_timeline').select('id')
    .where('process_id', '=', p.id).where('action', '=', 'phase-opened').where(sql<string>`detail->>'kind'`, '=', 'adopted')
    .executeTakeFirst()) !== undefined;
  // Before adoption the data is still being worked on: only an administrator may take it away.
  if (!mayExport(request.user?.isAdmin === true, adoptedOpened)) throw problem.notAllowed('admin-only');
  return { id: p.id, slug: p.slug, title: p.title, language: p.language };
}
