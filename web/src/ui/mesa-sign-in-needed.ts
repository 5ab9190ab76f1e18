import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../contexts/i18n.ts';
import { LightElement } from './light-element.ts';

/** Shown in place of a page that needs a signed-in reader. */
@customElement('mesa-sign-in-needed')
export class MesaSignInNeeded extends LightElement {
  @property() heading = '';
  /** Where to come back to after signing in. */
  @property() next = '/';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t } = this.i18n;
    return html`
      <div class="narrow">
        <h1>${this.heading}</h1>
        <p>${t('signInNeeded.text')}</p>
        <p class="actions">
          <a class="button" href="/signin?next=${encodeURIComponent(this.next)}">${t('nav.signIn')}</a>
          <a class="button button--secondary" href="/signup">${t('nav.signUp')}</a>
        </p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-sign-in-needed': MesaSignInNeeded;
  }
}
