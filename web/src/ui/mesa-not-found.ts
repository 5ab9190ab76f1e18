import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../contexts/i18n.ts';
import { LightElement } from './light-element.ts';

/** The page for an address the app does not know. */
@customElement('mesa-not-found')
export class MesaNotFound extends LightElement {
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t } = this.i18n;
    return html`
      <h1>${t('notFound.title')}</h1>
      <p>${t('notFound.text')}</p>
      <p><a href="/">${t('notFound.home')}</a></p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-not-found': MesaNotFound;
  }
}
