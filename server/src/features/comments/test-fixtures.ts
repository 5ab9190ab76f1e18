/** Test fixtures for comments and moderation: an open-call process, proposals, room events. */
import { Agent, processBody, type TestApp } from '../../test/harness.ts';

/** Creates a process with its open call open; returns its id. */
export async function openCallProcess(admin: Agent, slug: string): Promise<string> {
  const created = await admin.post('/api/processes', processBody(slug));
  if (created.statusCode !== 201) throw new Error(`process: ${created.body}`);
  const opened = await admin.post(`/api/processes/${slug}/active-phase`, { kind: 'open-call' });
  if (opened.statusCode !== 200) throw new Error(`open call: ${opened.body}`);
  return created.json().id;
}

/** Submits a proposal as `author` in the open call; returns its id. */
export async function submitProposal(author: Agent, slug: string, title = 'Open budget data'): Promise<string> {
  const res = await author.post(`/api/processes/${slug}/proposals`, {
    title, body: 'Publish the budget as open data.', area: 'fiscal-openness', sector: 'civil-society',
  });
  if (res.statusCode !== 201) throw new Error(`proposal: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** The events published to a room, oldest first. */
export async function roomEvents(t: TestApp, room: string) {
  return t.db.selectFrom('room_events').select(['event', 'data']).where('room', '=', room).orderBy('seq').execute();
}

/** The proposal's commentsCount once the coalesced recount has run. */
export async function commentsCount(t: TestApp, proposalId: string): Promise<number> {
  await t.app.proposalCounts.flush();
  return (await t.app.inject({ url: `/api/proposals/${proposalId}` })).json().commentsCount;
}
