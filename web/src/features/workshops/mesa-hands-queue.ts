import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { workshopsApi, type Hand, type Workshop } from './workshops-api.ts';

/** The facilitator's queue of raised hands, in the order raised, each with a button to lower it. */
@customElement('mesa-hands-queue')
export class MesaHandsQueue extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  @property({ attribute: false }) hands: Hand[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private busy = '';
  @state() private error = '';

  private async lower(h: Hand, index: number): Promise<void> {
    const { t } = this.i18n;
    this.busy = h.key;
    this.error = '';
    try {
      await workshopsApi.lowerHand(this.api, this.workshop.id, h.key);
      emit(this, 'mesa-announce', { message: t('workshops:hands.lowered', { name: h.displayName }) });
      // Keep the keyboard in the list: the next hand's button, else the heading.
      await this.updateComplete;
      const buttons = this.querySelectorAll<HTMLButtonElement>('.hands__row button');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.querySelector<HTMLElement>('h2'))?.focus();
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = '';
    }
  }

  override render() {
    const { t, formatDate } = this.i18n;
    const open = this.workshop.state === 'open';
    return html`<section class="card console-block" aria-labelledby="hands-heading">
      <h2 id="hands-heading" tabindex="-1">${t('workshops:hands.heading', { count: this.hands.length })}</h2>
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.hands.length === 0
        ? html`<p class="muted">${t('workshops:hands.none')}</p>`
        : html`<ol class="hands">
            ${this.hands.map((h, i) => html`<li class="hands__row" data-key=${h.key}>
              <span class="people__name">${h.displayName}</span>
              <span class="muted">${h.sector ? t(`sector.${h.sector}` as 'sector.resident') : t('workshops:console.noSector')}
                · ${formatDate(h.raisedAt, { timeStyle: 'short' })}</span>
              ${open
                ? html`<button type="button" class="button button--secondary button--small" ?disabled=${this.busy === h.key}
                    aria-label=${t('workshops:hands.lowerLabel', { name: h.displayName })} @click=${() => this.lower(h, i)}>${t('workshops:hands.lower')}</button>`
                : nothing}
            </li>`)}
          </ol>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-hands-queue': MesaHandsQueue;
  }
}
