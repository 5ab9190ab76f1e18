/** The websocket protocol: one endpoint, rooms with sequence numbers, replay on reconnect. */
import { z } from 'zod';
import { text } from './text.ts';
import { TEXT_FIELDS } from './commitments.ts';

/** `process:<slug>`, `proposal:<id>`, `workshop:<id>`, `commitment:<id>`, ... */
export const RoomName = z.string().regex(/^[a-z]+:[A-Za-z0-9:_-]{1,120}$/);

export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('join'), room: RoomName, lastSeq: z.number().int().min(0).optional() }),
  z.strictObject({ type: z.literal('leave'), room: RoomName }),
  z.strictObject({ type: z.literal('ping') }),
  /** The same ballot shapes as PUT /api/rounds/:id/ballot; `ref` comes back in the ack. */
  z.strictObject({ type: z.literal('ballot'), roundId: text().max(40), ballot: z.unknown(), ref: text().max(40).optional() }),
  z.strictObject({ type: z.literal('hand'), raised: z.boolean() }),
  /** A Yjs update (base64) to a commitment's document, sent in its room `commitment:<id>`. */
  z.strictObject({ type: z.literal('yjs'), room: RoomName, update: text().max(16_000) }),
  /** Which field of a commitment one is editing (null: none); everyone in `commitment:<id>` gets `presence`. */
  z.strictObject({ type: z.literal('focus'), room: RoomName, field: z.enum(TEXT_FIELDS).nullable() }),
]);

/** Who is in a room and, in a commitment's room, which field each one is in. */
export const PresenceMember = z.object({ userId: z.string(), displayName: z.string(), field: z.string().nullable() });
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('joined'), room: z.string(), seq: z.number().int(), snapshot: z.unknown() }),
  z.object({ type: z.literal('event'), room: z.string(), seq: z.number().int(), event: z.string(), data: z.unknown() }),
  z.object({ type: z.literal('presence'), room: z.string(), count: z.number().int(), members: z.array(PresenceMember).optional() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), room: z.string().optional(), ref: z.string().optional(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
  z.object({ type: z.literal('pong') }),
  /** A ballot sent over the websocket was stored. */
  z.object({ type: z.literal('ack'), roundId: z.string(), ref: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Room event names, namespaced per feature. */
export const ROOM_EVENTS = [
  'proposals/created', 'proposals/updated', 'proposals/supports-changed', 'proposals/state-changed',
  'comments/added', 'comments/edited', 'comments/hidden', 'comments/votes-changed', 'comments/answered', 'process/phase-changed',
] as const;
