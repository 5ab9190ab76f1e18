/**
 * A commitment's Yjs document: one shared text per template field. Every update is stored (and
 * compacted into one now and then), so a restart or another server loses nothing; the plain-text
 * values in `commitments.fields` follow the document for search, the API and exports.
 */
import { sql } from 'kysely';
import * as Y from 'yjs';
import { TEXT_FIELDS, textFlaw, type TextField } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';

const COMPACT_AFTER = 50;

export async function loadDoc(db: Conn, commitmentId: string): Promise<{ doc: Y.Doc; updates: number }> {
  const rows = await db.selectFrom('commitment_yjs_updates').select('update').where('commitment_id', '=', commitmentId).orderBy('created_at').execute();
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.update);
  return { doc, updates: rows.length };
}

export function textsOf(doc: Y.Doc): Record<TextField, string> {
  return Object.fromEntries(TEXT_FIELDS.map((f) => [f, doc.getText(f).toString()])) as Record<TextField, string>;
}

/** Whether bytes are a well-formed Yjs update (malformed ones throw while decoding). */
export function isValidUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    return true;
  } catch {
    return false;
  }
}

async function persist(trx: Conn, c: { id: string; processId: string }, doc: Y.Doc, update: Uint8Array, updatesBefore: number) {
  if (updatesBefore + 1 >= COMPACT_AFTER) {
    await trx.deleteFrom('commitment_yjs_updates').where('commitment_id', '=', c.id).execute();
    await trx.insertInto('commitment_yjs_updates').values({ commitment_id: c.id, process_id: c.processId, update: Y.encodeStateAsUpdate(doc) }).execute();
  } else {
    await trx.insertInto('commitment_yjs_updates').values({ commitment_id: c.id, process_id: c.processId, update }).execute();
  }
  await trx.updateTable('commitments').set({ fields: JSON.stringify(textsOf(doc)), updated_at: new Date() }).where('id', '=', c.id).execute();
}

/** Applies a client's update; call with the commitment row locked. */
export async function applyUpdate(trx: Conn, c: { id: string; processId: string }, update: Uint8Array) {
  const { doc, updates } = await loadDoc(trx, c.id);
  Y.applyUpdate(doc, update);
  // The texts go to a jsonb column: a NUL typed through Yjs is refused like one sent over HTTP.
  for (const [field, value] of Object.entries(textsOf(doc))) {
    const flaw = textFlaw(value);
    if (flaw) throw problem.validation([{ path: `fields.${field}`, message: flaw }]);
  }
  await persist(trx, c, doc, update, updates);
}

/** Replaces whole field texts (from a PATCH) through the document; returns the update to broadcast. */
export async function replaceTexts(trx: Conn, c: { id: string; processId: string }, patch: Partial<Record<TextField, string>>): Promise<Uint8Array | null> {
  const { doc, updates } = await loadDoc(trx, c.id);
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => { update = update ? Y.mergeUpdates([update, u]) : u; });
  doc.transact(() => {
    for (const [field, value] of Object.entries(patch) as [TextField, string][]) {
      const text = doc.getText(field);
      if (text.toString() === value) continue;
      text.delete(0, text.length);
      text.insert(0, value);
    }
  });
  if (update) await persist(trx, c, doc, update, updates);
  return update;
}

/** Encoded states kept, the most recently used last; each is kept until the stored updates change. */
const MAX_KEPT_STATES = 64;
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
const keptStates = new Map<string, { key: string; state: Promise<string>; bytes: number }>();
/** How many times a document was loaded and encoded for a snapshot (tests count them). */
export const stateEncodes = { count: 0 };

/**
 * The whole document as one update (base64), for a join's snapshot. A hundred joins of one room
 * cost one load and encode: the result is kept under a key of the stored updates (their count and
 * the newest one's time), which every write changes, whoever writes and from whichever process.
 */
export async function stateUpdate(db: Conn, commitmentId: string): Promise<string> {
  const row = await db.selectFrom('commitment_yjs_updates')
    .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(created_at)::text`.as('last')])
    .where('commitment_id', '=', commitmentId).executeTakeFirstOrThrow();
  const key = `${row.n}:${row.last ?? ''}`;
  let kept = keptStates.get(commitmentId);
  keptStates.delete(commitmentId);
  if (kept?.key !== key) {
    stateEncodes.count++;
    const entry = { key, bytes: 0, state: loadDoc(db, commitmentId).then(({ doc }) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64')) };
    kept = entry;
    entry.state.then((state) => { entry.bytes = state.length; trimKept(); }, () => { if (keptStates.get(commitmentId) === entry) keptStates.delete(commitmentId); });
  }
  keptStates.set(commitmentId, kept);
  return kept.state;
}

function trimKept() {
  let bytes = 0;
  for (const k of keptStates.values()) bytes += k.bytes;
  for (const [id, k] of keptStates) {
    if (keptStates.size <= MAX_KEPT_STATES && bytes <= MAX_KEPT_BYTES) break;
    bytes -= k.bytes;
    keptStates.delete(id);
  }
}
