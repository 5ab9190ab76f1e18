/** The workshop room (`workshop:<id>`) and ballots sent over the websocket. */
import type { FastifyInstance } from 'fastify';
import { BallotBody } from '@mesa/shared';
import { problem } from '../../plugins/problems.ts';
import type { Conn } from '../../db/database.ts';
import { findRound } from '../rounds/service.ts';
import { tallyEvent } from '../rounds/live.ts';
import { castBallot } from '../rounds/service.ts';
import { workshopView, findWorkshop } from './repo.ts';
import { access } from './service.ts';
import { handsQueue, lowerHand, raiseHand } from './hands-repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerWorkshopRoom(app: FastifyInstance) {
  app.rooms.defineRoom('workshop', {
    /** `workshop:<id>` for everyone in it; `workshop:<id>:table:<n>` for that table's members and the facilitators. */
    async authorize(name, peer) {
      const [id = '', sub, n] = name.split(':');
      if (!UUID.test(id) || (sub !== undefined && (sub !== 'table' || !/^\d{1,2}$/.test(n ?? '')))) return false;
      const w = await findWorkshop(app.db, id);
      if (!w) return false;
      const a = await access(app.db, w, peer);
      if (sub === undefined) return a.facilitates || a.me !== null || a.member;
      if (a.facilitates) return true;
      if (!a.me) return false;
      const seat = await app.db.selectFrom('workshop_participants').select('table_no').where('workshop_id', '=', id).where('participant_key', '=', a.me.key).executeTakeFirst();
      return seat?.table_no === Number(n);
    },
    /** Rebuilt from the database on every join: the workshop, and the latest round with its tally. */
    async snapshot(name, peer) {
      const [id = '', , n] = name.split(':');
      const w = (await findWorkshop(app.db, id))!;
      const a = await access(app.db, w, peer);
      const workshop = await workshopView(app.db, w, { canFacilitate: a.facilitates, me: a.me }, '');
      const tableNo = n ? Number(n) : null;
      const mine = await app.db.selectFrom('rounds').select(['id']).where('workshop_id', '=', id)
        .where('table_no', tableNo === null ? 'is' : '=', tableNo).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      const latest = mine ? { id: mine.id } : undefined;
      const round = latest ? await findRound(app.db, latest.id) : undefined;
      const hands = await handsQueue(app.db, id);
      return { workshop, table: tableNo, tally: round ? await tallyEvent(app.db, round) : null, hands };
    },
  });

  app.rooms.onMessage('ballot', async (peer, msg) => {
    if (!UUID.test(msg.roundId)) throw problem.validation([{ path: 'roundId', message: 'not a round id' }]);
    const parsed = BallotBody.safeParse(msg.ballot);
    if (!parsed.success) throw problem.validation(parsed.error.issues.map((i) => ({ path: ['ballot', ...i.path].join('.'), message: i.message })));
    await castBallot(app.db, msg.roundId, parsed.data, { user: peer.user, guest: peer.guest });
    app.roundsLive.changed(msg.roundId);
    return { type: 'ack', roundId: msg.roundId, ...(msg.ref ? { ref: msg.ref } : {}) };
  });

  /** `hand {raised}`: only ever one's own hand, in the workshop whose plenary room the socket is in. */
  app.rooms.onMessage('hand', async (peer, msg) => {
    const rooms = [...peer.rooms].filter((r) => /^workshop:[0-9a-f-]{36}$/.test(r));
    if (rooms.length !== 1) throw problem.validation([{ path: 'room', message: 'join exactly one workshop room first' }]);
    const w = (await findWorkshop(app.db, rooms[0]!.slice('workshop:'.length)))!;
    const a = await access(app.db, w, peer);
    if (!a.me) throw problem.notAllowed('workshop-participants-only');
    if (msg.raised) await raiseHand(app.db, w, a.me.key);
    else await lowerHand(app.db, w.id, a.me.key);
    await app.rooms.publish({ room: `workshop:${w.id}`, event: 'workshop/hands', data: async (trx: Conn) => ({ queue: await handsQueue(trx, w.id) }), processId: w.process_id });
  });
}
