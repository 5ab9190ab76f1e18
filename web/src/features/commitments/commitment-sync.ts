/**
 * A commitment's Yjs document kept in sync with its room `commitment:<id>` over the page's one
 * websocket (`roomConnection`). The joined snapshot and every `commitment/yjs` event the room
 * relays (our own come back too) are also applied to `confirmed`, a copy of what the server holds;
 * after every (re)join, what the local document has beyond it (edits made offline, or sent on a
 * line that died) is sent again, so offline edits merge on reconnect. Presence says who is in
 * which field.
 */
import * as Y from 'yjs';
import type { ConnectionStatus, RoomListener } from '../../controllers/room-connection.ts';

/** The websocket as this needs it: the shape of `RoomConnection`'s subscribe and post. */
export interface SyncConnection {
  subscribe(room: string, listener: RoomListener): () => void;
  post(message: { type: string; room: string; [key: string]: unknown }): boolean;
}

export interface PresenceMember {
  userId: string;
  displayName: string;
  field: string | null;
}

export interface SyncHooks {
  /** The room's snapshot or a `commitment/updated` event: the structured fields' version. */
  version?(version: number): void;
  /** A `commitment/updated` event without a version (e.g. published for consultation): reload the commitment. */
  changed?(): void;
  presence?(members: PresenceMember[], count: number): void;
  status?(status: ConnectionStatus, joined: boolean): void;
  /** The server refused something we sent (`not-allowed`, `phase-closed`, `validation`, ...). */
  error?(code: string, message: string): void;
}

/** Transaction origin of updates that came from the server. */
export const REMOTE = Symbol('remote');
/** The server takes `yjs` messages of at most 16,000 base64 characters: 12,000 bytes. */
export const MAX_UPDATE_BYTES = 11_000;
export const SEND_EVERY_MS = 150;
/** After the server refused a message for its rate, what it lacks is sent again after this pause. */
const RESEND_AFTER_MS = 1500;

export class CommitmentSync {
  readonly doc = new Y.Doc();
  private readonly confirmed = new Y.Doc();
  private unsubscribe: (() => void) | null = null;
  private joined = false;
  /** Local updates the room has not relayed back yet, in order: resent when lost (offline, refused for rate). */
  private unconfirmed: Uint8Array[] = [];
  /** Local updates waiting for the next batch. */
  private batch: Uint8Array[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private focusField: string | null = null;

  constructor(
    readonly commitmentId: string,
    private readonly conn: SyncConnection,
    private readonly hooks: SyncHooks = {},
    /** Typing is sent in batches at most this often (the server takes about 10 messages a second per socket). */
    private readonly batchMs = SEND_EVERY_MS,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.unconfirmed.push(update);
      if (this.unconfirmed.length > 1000) this.unconfirmed = packed(this.unconfirmed);
      this.batch.push(update);
      if (this.batchTimer === undefined) this.batchTimer = setTimeout(() => this.sendBatch(), this.batchMs);
    });
  }

  get room(): string {
    return `commitment:${this.commitmentId}`;
  }

  get isJoined(): boolean {
    return this.joined;
  }

  text(field: string): Y.Text {
    return this.doc.getText(field);
  }

  start(): void {
    if (this.unsubscribe) return;
    const listener: RoomListener = {
      joined: (snapshot, _seq, resync) => this.onJoined(snapshot, resync),
      event: (event, data) => this.onEvent(event, data),
      error: (code, message) => {
        if (code === 'rate-limited') this.resendSoon();
        else this.hooks.error?.(code, message);
      },
      status: (status) => {
        if (status !== 'live') this.joined = false;
        this.hooks.status?.(status, this.joined);
      },
      presence: (msg) => {
        const members = (msg as { members?: unknown }).members;
        this.hooks.presence?.(Array.isArray(members) ? members.filter(isMember) : [], msg.count);
      },
    };
    this.unsubscribe = this.conn.subscribe(this.room, listener);
  }

  stop(): void {
    clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.joined = false;
  }

  /** Tell the others which field we are in (null: none). */
  focus(field: string | null): void {
    this.focusField = field;
    if (this.joined) this.conn.post({ type: 'focus', room: this.room, field });
  }

  private onJoined(snapshot: unknown, resync: boolean): void {
    const snap = snapshot as { yjs?: unknown; version?: unknown } | undefined;
    if (snap && typeof snap.yjs === 'string') {
      const update = fromBase64(snap.yjs);
      Y.applyUpdate(this.confirmed, update, REMOTE);
      Y.applyUpdate(this.doc, update, REMOTE);
      if (typeof snap.version === 'number') this.hooks.version?.(snap.version);
    } else if (resync) {
      // A hole in the room's numbering: an update may be missing. Join afresh for a full snapshot.
      this.stop();
      this.start();
      return;
    }
    this.joined = true;
    this.hooks.status?.('live', true);
    this.flush();
    if (this.focusField) this.conn.post({ type: 'focus', room: this.room, field: this.focusField });
  }

  private onEvent(event: string, data: unknown): void {
    if (event === 'commitment/yjs') {
      const update = (data as { update?: unknown })?.update;
      if (typeof update !== 'string') return;
      const bytes = fromBase64(update);
      Y.applyUpdate(this.confirmed, bytes, REMOTE);
      Y.applyUpdate(this.doc, bytes, REMOTE);
      if (this.unconfirmed.length && this.upToDate()) this.unconfirmed = [];
    } else if (event === 'commitment/updated') {
      const version = (data as { version?: unknown })?.version;
      if (typeof version === 'number') this.hooks.version?.(version);
      else this.hooks.changed?.();
    }
  }

  private sendBatch(): void {
    this.batchTimer = undefined;
    const updates = this.batch;
    this.batch = [];
    if (!this.joined) return; // kept in `unconfirmed`, sent on the next join
    for (const u of packed(updates)) if (!this.send(u)) return;
  }

  private upToDate(): boolean {
    return Y.equalSnapshots(Y.snapshot(this.doc), Y.snapshot(this.confirmed));
  }

  private resendSoon(): void {
    if (this.resendTimer !== undefined) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      if (this.joined) this.flush();
    }, RESEND_AFTER_MS);
  }

  /** Send what the server does not have yet: the difference from what it relayed, or the unconfirmed updates in pieces when that is too big. */
  private flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.batch = [];
    if (this.upToDate()) {
      this.unconfirmed = [];
      return;
    }
    const diff = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.confirmed));
    if (diff.length <= MAX_UPDATE_BYTES) this.send(diff);
    else for (const u of packed(this.unconfirmed)) if (!this.send(u)) return;
  }

  private send(update: Uint8Array): boolean {
    return this.conn.post({ type: 'yjs', room: this.room, update: toBase64(update) });
  }
}

/** Updates merged into as few messages as fit the server's limit, in order. */
export function packed(updates: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let current: Uint8Array | null = null;
  for (const u of updates) {
    const merged: Uint8Array = current ? Y.mergeUpdates([current, u]) : u;
    if (current && merged.length > MAX_UPDATE_BYTES) {
      out.push(current);
      current = u;
    } else current = merged;
  }
  if (current) out.push(current);
  return out;
}

function isMember(m: unknown): m is PresenceMember {
  const r = m as Record<string, unknown>;
  return typeof r === 'object' && r !== null && typeof r.userId === 'string' && typeof r.displayName === 'string' && (r.field === null || r.field === undefined || typeof r.field === 'string');
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
