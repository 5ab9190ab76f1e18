import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LightElement } from './light-element.ts';

/**
 * Time left until a deadline, as m:ss, ticking every second. `offset` is server time minus
 * device time (deadlines are the server's); the element says nothing by itself to screen
 * readers (role=timer), the page announces what matters.
 */
@customElement('mesa-countdown')
export class MesaCountdown extends LightElement {
  /** The deadline (ISO), or '' for none. */
  @property() until = '';
  @property({ type: Number }) offset = 0;
  @property() label = '';
  @property() endedText = '';
  @state() private now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('until')) this.now = Date.now();
  }

  /** Seconds left (0 once past), or null without a deadline. */
  get secondsLeft(): number | null {
    const end = Date.parse(this.until);
    if (!this.until || Number.isNaN(end)) return null;
    return Math.max(0, Math.ceil((end - (this.now + this.offset)) / 1000));
  }

  override render() {
    const left = this.secondsLeft;
    if (left === null) return nothing;
    const text = left === 0 && this.endedText ? this.endedText : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    return html`<p class="countdown ${left <= 10 ? 'countdown--soon' : ''}">
      <span class="countdown__label">${this.label}</span>
      <span class="countdown__time" role="timer" aria-label=${this.label} data-seconds=${left}>${text}</span>
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-countdown': MesaCountdown;
  }
}
