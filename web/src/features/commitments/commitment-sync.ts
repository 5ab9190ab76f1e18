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
  presence?(members: PresenceMember[], count: number): void;
  status?(status: ConnectionStatus, joined: boolean): void;
  /** The server refused something we sent (`not-allowed`, `phase-closed`, `validation`, ...). */
  error?(code: string, message: string): void;
}

/** Transaction origin of updates that came from the server. */
export const REMOTE = Symbol('remote');
/** The server takes `yjs` messages of at most 16,000 base64 characters: 12,000 bytes. */
export const MAX_UPDATE_BYTES = 11_000;

export class CommitmentSync {
  readonly doc = new Y.Doc();
  private readonly confirmed = new Y.Doc();
  private unsubscribe: (() => void) | null = null;
  private joined = false;
  /** Local updates made while not joined, in order: sent one by one when the whole difference is too big for one message. */
  private offline: Uint8Array[] = [];
  private focusField: string | null = null;

  constructor(
    readonly commitmentId: string,
    private readonly conn: SyncConnection,
    private readonly hooks: SyncHooks = {},
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (!this.joined || !this.send(update)) this.offline.push(update);
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
      error: (code, message) => this.hooks.error?.(code, message),
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
    } else if (event === 'commitment/updated') {
      const version = (data as { version?: unknown })?.version;
      if (typeof version === 'number') this.hooks.version?.(version);
    }
  }

  /** Send what the server does not have yet. */
  private flush(): void {
    const pending = this.offline;
    this.offline = [];
    if (Y.equalSnapshots(Y.snapshot(this.doc), Y.snapshot(this.confirmed))) return;
    const diff = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.confirmed));
    if (diff.length <= MAX_UPDATE_BYTES) {
      this.send(diff);
      return;
    }
    // Too much for one message: the offline updates, merged while they fit.
    let batch: Uint8Array | null = null;
    for (const u of pending) {
      const merged: Uint8Array = batch ? Y.mergeUpdates([batch, u]) : u;
      if (batch && merged.length > MAX_UPDATE_BYTES) {
        this.send(batch);
        batch = u;
      } else batch = merged;
    }
    if (batch) this.send(batch);
  }

  private send(update: Uint8Array): boolean {
    return this.conn.post({ type: 'yjs', room: this.room, update: toBase64(update) });
  }
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
