/**
 * Live updates after a committed change. A failed publish is logged, not sent to the client:
 * the change is already saved, and clients that missed the event catch up on their next join.
 */
import type { FastifyInstance } from 'fastify';

export interface LiveEvent {
  room: string;
  event: 'comments/added' | 'comments/edited' | 'comments/hidden' | 'comments/votes-changed' | 'proposals/state-changed';
  data: unknown;
  processId: string;
}

interface ProposalCounts { changed(processId: string, proposalId: string): unknown }

/** Publishes `e` to its room. */
export async function publish(app: FastifyInstance, e: LiveEvent): Promise<void> {
  try {
    await app.rooms.publish(e);
  } catch (err) {
    app.log.error({ err, room: e.room, event: e.event }, 'publish failed');
  }
}

/** Asks the proposals feature to recount a proposal's comments and broadcast the count. */
export async function proposalCountsChanged(app: FastifyInstance, processId: string, proposalId: string): Promise<void> {
  // Guard until the proposals feature adds the decorator.
  if (!app.hasDecorator('proposalCounts')) return;
  try {
    await (app as unknown as { proposalCounts: ProposalCounts }).proposalCounts.changed(processId, proposalId);
  } catch (err) {
    app.log.error({ err, proposalId }, 'comments count update failed');
  }
}
