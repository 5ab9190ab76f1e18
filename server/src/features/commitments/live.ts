/** The commitment room (`commitment:<id>`): Yjs co-editing over the app's websocket. */
import type { FastifyInstance } from 'fastify';
import type { PhaseKind } from '@mesa/shared';
import { checkPhase } from '@mesa/shared';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { applyUpdate, isValidUpdate, stateUpdate } from './doc.ts';
import type { Peer } from '../../plugins/rooms/hub.ts';
import { FieldPresence } from './presence.ts';
import { assertNotAdopted } from './service.ts';
import { accessTo, findCommitmentRow } from './repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerCommitmentRoom(app: FastifyInstance): FieldPresence {
  const presence = new FieldPresence();
  /** Rooms in which a peer is on the drafting side (admin, drafter, forum member) and so named in presence. */
  const team = new WeakMap<Peer, Set<string>>();
  app.rooms.defineRoom('commitment', {
    onJoin: (id, peer) => presence.joined(`commitment:${id}`, peer, team.get(peer)?.has(id) ?? false),
    onLeave: (id, peer) => presence.left(`commitment:${id}`, peer),
    async authorize(id, peer) {
      if (!UUID.test(id)) return false;
      const c = await findCommitmentRow(app.db, id);
      if (!c || !(await accessTo(app.db, c, peer.user)).read) return false;
      // Members of the public reading a consultation are counted, never named, in presence.
      // Asked again when the peer's roles change (rights.ts): someone no longer on the team stops being named.
      if ((await accessTo(app.db, { ...c, state: 'drafting' }, peer.user)).read) {
        if (!team.has(peer)) team.set(peer, new Set());
        team.get(peer)!.add(id);
      } else team.get(peer)?.delete(id);
      return true;
    },
    /** The whole document as one update, and the structured fields' version. */
    async snapshot(id) {
      const c = (await findCommitmentRow(app.db, id))!;
      return { yjs: await stateUpdate(app.db, id), version: c.version };
    },
  });

  /** Field presence: the peer says which field it is in; everyone in the room hears who is where. */
  app.rooms.onMessage('focus', async (peer, msg) => {
    if (!msg.room.startsWith('commitment:') || !peer.rooms.has(msg.room)) throw problem.validation([{ path: 'room', message: 'join the commitment\'s room first' }]);
    if (!peer.user) throw problem.unauthorised();
    if (!presence.focus(msg.room, peer, msg.field)) throw problem.validation([{ path: 'room', message: 'join the commitment\'s room first' }]);
  });

  app.rooms.onMessage('yjs', async (peer, msg) => {
    const id = msg.room.startsWith('commitment:') ? msg.room.slice('commitment:'.length) : '';
    if (!UUID.test(id) || !peer.rooms.has(msg.room)) throw problem.validation([{ path: 'room', message: 'join the commitment\'s room first' }]);
    const update = Buffer.from(msg.update, 'base64');
    if (update.length === 0 || !isValidUpdate(update)) throw problem.validation([{ path: 'update', message: 'not a Yjs update' }]);
    const processId = await app.db.transaction().execute(async (trx) => {
      const c = await findCommitmentRow(trx, id, true);
      if (!c) throw problem.notFound('commitment');
      if (!(await accessTo(trx, c, peer.user)).edit) throw problem.notAllowed('drafters-only');
      if (!checkPhase('draft-commitment', c.active_phase as PhaseKind | null).ok) throw new ProblemError(409, 'phase-closed', 'phase-closed', { action: 'draft-commitment', activePhase: c.active_phase ?? 'none', allowedIn: 'drafting' });
      assertNotAdopted(c);
      await applyUpdate(trx, { id, processId: c.process_id }, update);
      return c.process_id;
    });
    await app.rooms.publish({ room: msg.room, event: 'commitment/yjs', data: { update: msg.update }, processId });
  });
  return presence;
}
