import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { workshopsApi, type Hand, type Workshop } from './workshops-api.ts';

/**
 * A participant's raised hand: one toggle button (aria-pressed) and a confirmation of where they
 * stand ("Your hand is up: number 2 in the queue"), from the room's queue, so a facilitator
 * lowering it shows at once.
 */
@customElement('mesa-hand-toggle')
export class MesaHandToggle extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  @property({ attribute: false }) hands: Hand[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly form = new FormController(this, { t: () => this.i18n.t });
  /** The server's answer to the reader's own last change, until the room's queue catches up. */
  @state() private answered: Hand[] | null = null;

  private queue(): Hand[] {
    return this.answered ?? this.hands;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('hands')) this.answered = null;
  }

  private async toggle(raised: boolean): Promise<void> {
    const { t } = this.i18n;
    const answer = await this.form.run(() => workshopsApi.hand(this.api, this.workshop.id, raised));
    if (!answer) return;
    this.answered = answer.items;
    emit(this, 'mesa-announce', { message: raised ? t('workshops:hands.raisedDone') : t('workshops:hands.loweredDone') });
  }

  override render() {
    const { t } = this.i18n;
    const me = this.workshop.me;
    if (!me || this.workshop.state !== 'open') return nothing;
    const place = this.queue().findIndex((h) => h.key === me.key);
    const up = place >= 0;
    return html`<section class="hand-toggle" aria-labelledby="hand-heading">
      <h2 id="hand-heading" class="visually-hidden">${t('workshops:hands.yourHand')}</h2>
      <button type="button" class="button ${up ? 'button--secondary' : ''} hand-toggle__button" aria-pressed=${up ? 'true' : 'false'}
        ?disabled=${this.form.busy} @click=${() => this.toggle(!up)}>${up ? t('workshops:hands.lowerMine') : t('workshops:hands.raise')}</button>
      <p class="hand-toggle__status" role="status" data-hand=${up ? 'up' : 'down'}>${up ? t('workshops:hands.upAt', { n: place + 1 }) : t('workshops:hands.down')}</p>
      ${this.form.error ? html`<p class="alert alert--error" role="alert">${this.form.error}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-hand-toggle': MesaHandToggle;
  }
}
