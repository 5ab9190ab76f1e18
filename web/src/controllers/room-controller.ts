/**
 * A room subscription as a reactive controller: joins its room when the host connects, leaves
 * it when the host disconnects, and follows a change of room name (e.g. another proposal).
 * All controllers share the one websocket of `roomConnection`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { roomConnection, type ConnectionStatus, type RoomConnection, type RoomListener } from './room-connection.ts';

export type { ConnectionStatus } from './room-connection.ts';

export interface RoomOptions {
  /** The room to be in, or null for none (e.g. before the page knows its id). */
  room: () => string | null;
  /** A room event (`proposals/created`, `comments/added`, ...). */
  onEvent: (event: string, data: unknown) => void;
  /** Joined again after a reconnect or a lost event: reload what the page shows. */
  onResync?: () => void;
  /**
   * Every `joined`: the room's snapshot when the server sent one (first join, or a rejoin it
   * could not replay), else undefined; `resync` as for onResync (called before it).
   */
  onJoined?: (snapshot: unknown, resync: boolean) => void;
  onError?: (code: string, message: string) => void;
}

export class RoomController implements ReactiveController {
  /** The connection state, for a "live updates" indicator; the host re-renders on change. */
  status: ConnectionStatus = 'offline';
  /** True once the server confirmed the join of the current room. */
  joined = false;
  private name: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RoomOptions,
    private readonly connection: RoomConnection = roomConnection,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.leave();
  }

  /** Follow a change of room after each render cycle's property updates. */
  hostUpdated(): void {
    if (this.connected) this.sync();
  }

  private sync(): void {
    const want = this.options.room();
    if (want === this.name && this.unsubscribe) return;
    this.leave();
    if (!want) return;
    this.name = want;
    const listener: RoomListener = {
      joined: (snapshot, _seq, resync) => {
        const first = !this.joined;
        this.joined = true;
        if (first) this.host.requestUpdate();
        this.options.onJoined?.(snapshot ?? undefined, resync);
        if (resync) this.options.onResync?.();
      },
      event: (event, data) => this.options.onEvent(event, data),
      error: (code, message) => this.options.onError?.(code, message),
      status: (status) => {
        if (status !== 'live') this.joined = false;
        if (status === this.status) return;
        this.status = status;
        this.host.requestUpdate();
      },
    };
    this.unsubscribe = this.connection.subscribe(want, listener);
  }

  private leave(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.name = null;
    this.joined = false;
  }
}
