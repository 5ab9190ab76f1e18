import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { LOCALES } from '@mesa/shared/values';
import { isLocale } from '../contexts/i18n.ts';
import { i18nContext, type I18nValue } from '../contexts/i18n.ts';
import { emit } from '../events.ts';
import { LANGUAGE_NAMES } from '../i18n.ts';
import { LightElement } from './light-element.ts';
import { uid } from './problem.ts';

/** A labelled <select> of the interface languages, each named in its own language. */
@customElement('mesa-language-switcher')
export class MesaLanguageSwitcher extends LightElement {
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly controlId = uid('language');

  private onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) emit(this, 'mesa-locale', { lng: value });
  }

  protected override updated(): void {
    // Keep the control in step when the language changes elsewhere (e.g. on the account page).
    const select = this.querySelector('select');
    if (select && select.value !== this.i18n.lng) select.value = this.i18n.lng;
  }

  override render() {
    const { t, lng } = this.i18n;
    return html`
      <div class="language-switcher">
        <label for=${this.controlId}>${t('language')}</label>
        <select id=${this.controlId} @change=${this.onChange}>
          ${LOCALES.map(
            (code) => html`<option value=${code} lang=${code} ?selected=${code === lng}>${LANGUAGE_NAMES[code]}</option>`,
          )}
        </select>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-language-switcher': MesaLanguageSwitcher;
  }
}
