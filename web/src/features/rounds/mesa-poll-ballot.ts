import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { emitBallot } from './ballot-events.ts';

/** A poll: one radio per option; choosing one sends it. */
@customElement('mesa-poll-ballot')
export class MesaPollBallot extends LightElement {
  @property({ attribute: false }) options: string[] = [];
  @property() chosen = '';
  @property() question = '';
  @property({ type: Boolean }) disabled = false;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly name = uid('poll');

  override render() {
    const { t } = this.i18n;
    return html`<fieldset class="poll">
      <legend>${this.question || t('rounds:poll.legend')}</legend>
      <div class="poll__options">
        ${this.options.map((o) => html`<label class="poll__option">
          <input type="radio" name=${this.name} value=${o} .checked=${this.chosen === o} ?disabled=${this.disabled}
            @change=${() => emitBallot(this, { ballot: { option: o } })} />
          <span>${o}</span>
        </label>`)}
      </div>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-poll-ballot': MesaPollBallot;
  }
}
