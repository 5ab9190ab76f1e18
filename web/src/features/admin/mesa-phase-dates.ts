import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { PhaseKind } from '@mesa/shared';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-field.ts';
import { fieldId } from './process-form-model.ts';

/** One phase of the process form: a fieldset with its start and end dates. */
@customElement('mesa-phase-dates')
export class MesaPhaseDates extends LightElement {
  @property({ type: Number }) index = 0;
  @property() kind: PhaseKind = 'open-call';
  @property() start = '';
  @property() end = '';
  @property() startError = '';
  @property() endError = '';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t } = this.i18n;
    const base = `phases.${this.index}`;
    return html`
      <fieldset class="phase-dates">
        <legend>
          <span class="phase-dates__number" aria-hidden="true">${this.index + 1}</span>
          ${t(`phase.${this.kind}`)}
        </legend>
        <p class="hint">${t(`processes:about.${this.kind}`)}</p>
        <div class="phase-dates__row">
          <mesa-field type="date" required name="${base}.startsAt" fieldId=${fieldId(`${base}.startsAt`)}
            .label=${t('admin:processForm.startsOn')} .value=${this.start} .error=${this.startError}></mesa-field>
          <mesa-field type="date" required name="${base}.endsAt" fieldId=${fieldId(`${base}.endsAt`)}
            .label=${t('admin:processForm.endsOn')} .value=${this.end} .error=${this.endError}></mesa-field>
        </div>
      </fieldset>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-phase-dates': MesaPhaseDates;
  }
}
