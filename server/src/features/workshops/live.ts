/** The workshop room (`workshop:<id>`) and ballots sent over the websocket. */
import type { FastifyInstance } from 'fastify';
import { BallotBody } from '@mesa/shared';
import { problem } from '../../plugins/problems.ts';
import { findRound } from '../rounds/repo.ts';
import { tallyEvent } from '../rounds/live.ts';
import { castBallot } from '../rounds/service.ts';
import { workshopView, findWorkshop } from './repo.ts';
import { access } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerWorkshopRoom(app: FastifyInstance) {
  app.rooms.defineRoom('workshop', {
    async authorize(id, peer) {
      if (!UUID.test(id)) return false;
      const w = await findWorkshop(app.db, id);
      if (!w) return false;
      const a = await access(app.db, w, peer);
      return a.facilitates || a.me !== null || a.member;
    },
    /** Rebuilt from the database on every join: the workshop, and the latest round with its tally. */
    async snapshot(id, peer) {
      const w = (await findWorkshop(app.db, id))!;
      const a = await access(app.db, w, peer);
      const workshop = await workshopView(app.db, w, { canFacilitate: a.facilitates, me: a.me }, '');
      const latest = workshop.rounds.at(-1);
      const round = latest ? await findRound(app.db, latest.id) : undefined;
      return { workshop, tally: round ? await tallyEvent(app.db, round) : null };
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
}
