/**
 * Test fixtures for comments and moderation: an open-call process, proposals inserted directly
 * (until the proposals routes land), and many signed-in users without argon2's cost.
 */
import { sql } from 'kysely';
import { hashToken, newToken, SESSION_COOKIE } from '../../plugins/auth.ts';
import { Agent, processBody, type TestApp } from '../../test/harness.ts';

/** Creates a process with its open call open; returns its id. */
export async function openCallProcess(admin: Agent, slug: string): Promise<string> {
  const created = await admin.post('/api/processes', processBody(slug));
  if (created.statusCode !== 201) throw new Error(`process: ${created.body}`);
  const opened = await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  if (opened.statusCode !== 200) throw new Error(`open call: ${opened.body}`);
  return created.json().id;
}

/** Inserts a proposal row in the process; returns its id. */
export async function insertProposal(t: TestApp, processId: string, fields: { title?: string; state?: string; hidden?: boolean } = {}): Promise<string> {
  const seq = await t.db.updateTable('processes').set({ proposal_seq: sql`proposal_seq + 1` })
    .where('id', '=', processId).returning('proposal_seq').executeTakeFirstOrThrow();
  const title = fields.title ?? `Open budget data ${seq.proposal_seq}`;
  const row = await t.db.insertInto('proposals').values({
    process_id: processId, number: Number(seq.proposal_seq), external_ref: null, author_id: null, title,
    body: 'Publish the budget as open data.', body_html: '<p>Publish the budget as open data.</p>', search_text: title,
    area: 'fiscal-openness', sector: 'civil-society', organisation: null, lang: 'en', answer_state: null, answer_text: null,
    answer_published_at: null, merged_into: null, ...(fields.state ? { state: fields.state } : {}), ...(fields.hidden ? { hidden: true } : {}),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** `n` users signed in through sessions written straight to the database. */
export async function quickUsers(t: TestApp, prefix: string, n: number): Promise<(Agent & { userId: string })[]> {
  const users = await t.db.insertInto('users')
    .values(Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.org`, password_hash: 'unused', display_name: `${prefix} ${i}`, locale: 'en' })))
    .returning('id').execute();
  return Promise.all(users.map(async ({ id }) => {
    const token = newToken();
    await t.db.insertInto('sessions').values({ id: hashToken(token), user_id: id }).execute();
    const agent = new Agent(t.app) as Agent & { userId: string };
    agent.cookies.set(SESSION_COOKIE, token);
    agent.userId = id;
    return agent;
  }));
}

/** The events published to a room, oldest first. */
export async function roomEvents(t: TestApp, room: string) {
  return t.db.selectFrom('room_events').select(['event', 'data']).where('room', '=', room).orderBy('seq').execute();
}
