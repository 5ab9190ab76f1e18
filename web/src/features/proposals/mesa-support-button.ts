import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';

export interface SupportChange {
  proposalId: string;
  supports: number;
  supportedByMe: boolean;
}

/**
 * The supports count of a proposal with a toggle button (aria-pressed). The change shows at
 * once (optimistic), is confirmed or rolled back when the server answers, and is announced.
 * The owner of the proposal data listens for `mesa-support-changed` and passes the new values down.
 */
@customElement('mesa-support-button')
export class MesaSupportButton extends LightElement {
  @property() proposalId = '';
  @property() proposalTitle = '';
  @property({ type: Number }) supports = 0;
  @property({ type: Boolean }) supported = false;
  /** Supporting is possible now (open call, signed in, proposal still open). */
  @property({ type: Boolean }) canSupport = false;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private busy = false;
  @state() private note = '';
  @state() private error = '';
  private readonly base = uid('support');
  private queue: Promise<void> = Promise.resolve();
  private presses = 0;
  /** The last state the server confirmed (or the one shown before the first press). */
  private confirmed: SupportChange | null = null;

  private change(detail: SupportChange): void {
    emit(this, 'mesa-support-changed', detail);
  }

  /**
   * Each press shows at once and queues its request behind the previous one, so quick presses are
   * never lost; only the last press's answer is shown. A refusal goes back to the last state the
   * server confirmed.
   */
  private toggle(): void {
    const { t } = this.i18n;
    const shown = { proposalId: this.proposalId, supports: this.supports, supportedByMe: this.supported };
    if (!this.busy) this.confirmed = shown;
    const on = !this.supported;
    const press = ++this.presses;
    this.busy = true;
    this.error = '';
    this.note = '';
    this.change({ ...shown, supports: Math.max(0, shown.supports + (on ? 1 : -1)), supportedByMe: on });
    this.queue = this.queue.then(async () => {
      try {
        const result = await proposalsApi.support(this.api, this.proposalId, on);
        this.confirmed = result;
        if (press !== this.presses) return;
        this.change(result);
        this.note = result.supportedByMe ? t('proposals:support.done') : t('proposals:support.undone');
        const message = result.supportedByMe
          ? t('proposals:support.doneAnnounce', { title: this.proposalTitle, count: result.supports })
          : t('proposals:support.undoneAnnounce', { title: this.proposalTitle, count: result.supports });
        emit(this, 'mesa-announce', { message });
      } catch (err) {
        if (press !== this.presses) return;
        this.change(this.confirmed ?? shown);
        this.error = t('proposals:support.failed', { reason: problemMessage(t, err) });
        emit(this, 'mesa-announce', { message: this.error });
      } finally {
        if (press === this.presses) this.busy = false;
      }
    });
  }

  override render() {
    const { t } = this.i18n;
    const count = html`<span class="support__count" id="${this.base}-count">${t('proposals:support.count', { count: this.supports })}</span>`;
    if (!this.canSupport) return html`<div class="support">${count}</div>`;
    return html`
      <div class="support">
        <button type="button" class="button support__button ${this.supported ? 'support__button--on' : ''}"
          aria-pressed=${this.supported ? 'true' : 'false'} aria-describedby="${this.base}-count"
          aria-busy=${this.busy ? "true" : nothing} @click=${this.toggle}>
          <span aria-hidden="true">${this.supported ? '✓' : '+'}</span> ${t('proposals:support.button')}
        </button>
        ${count}
        ${this.note ? html`<span class="support__note">${this.note}</span>` : nothing}
        ${this.error ? html`<span class="support__error">${this.error}</span>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-support-button': MesaSupportButton;
  }
  interface GlobalEventHandlersEventMap {
    /** A proposal's supports changed by the reader's action (optimistic, confirmed or rolled back). */
    'mesa-support-changed': CustomEvent<SupportChange>;
  }
}
