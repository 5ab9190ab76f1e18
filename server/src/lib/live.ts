/**
 * Live updates after a committed change. A failed publish is logged, not sent to the client:
 * the change is already saved, and clients see it when they next load the page.
 */
import type { FastifyInstance } from 'fastify';

export interface LiveEvent {
  room: string;
  event: string;
  data: unknown;
  processId: string;
}

/** Publishes `e` to its room; a failure is logged. */
export async function publishCommitted(app: FastifyInstance, e: LiveEvent): Promise<void> {
  try {
    await app.rooms.publish(e);
  } catch (err) {
    app.log.error({ err, room: e.room, event: e.event }, 'publish failed');
  }
}
