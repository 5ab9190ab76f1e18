/**
 * Announcements of live changes through a polite live region, rate-limited so that a busy room
 * does not flood a screen reader: at most one announcement per interval; a newer message about
 * the same thing replaces an older one still waiting, and a backlog is summarised.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

export const ANNOUNCE_INTERVAL_MS = 4000;
const MAX_JOINED = 2;

export class LiveAnnouncer implements ReactiveController {
  /** What the region says now. */
  text = '';
  private readonly pending = new Map<string, string>();
  private lastAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `summary(n, latest)` words a backlog of n messages. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly summary: (count: number, latest: string) => string,
    private readonly interval = ANNOUNCE_INTERVAL_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  /** Queue a message; `key` names what it is about (a newer message with the same key replaces it). */
  say(message: string, key = message): void {
    this.pending.delete(key); // re-insert so that it counts as the newest
    this.pending.set(key, message);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastAt + this.interval - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const messages = [...this.pending.values()];
    this.pending.clear();
    if (messages.length === 0) return;
    const latest = messages[messages.length - 1]!;
    const text = messages.length <= MAX_JOINED ? messages.join('. ') : this.summary(messages.length, latest);
    this.lastAt = performance.now();
    // Clear first so that the same words twice are still spoken.
    this.text = '';
    this.host.requestUpdate();
    requestAnimationFrame(() => {
      this.text = text;
      this.host.requestUpdate();
    });
  }

  /** The live region; render it once in the host. */
  render() {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-live-updates>${this.text}</div>`;
  }
}
