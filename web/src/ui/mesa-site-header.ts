import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { isAdmin } from '../contexts/session.ts';
import { i18nContext, type I18nValue } from '../contexts/i18n.ts';
import { sessionContext, type Session } from '../contexts/session.ts';
import { emit } from '../events.ts';
import { LightElement } from './light-element.ts';
import './mesa-language-switcher.ts';

/** Site header: app name, navigation, sign-in state and the language switcher. */
@customElement('mesa-site-header')
export class MesaSiteHeader extends LightElement {
  /** The current path, to mark the current navigation link. */
  @property() path = '/';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;

  private link(href: string, label: string) {
    const current = this.path === href ? 'page' : undefined;
    return html`<li><a href=${href} aria-current=${current ?? nothing}>${label}</a></li>`;
  }

  override render() {
    const { t } = this.i18n;
    const user = this.session.user;
    return html`
      <header class="site-header">
        <div class="container site-header__inner">
          <a class="brand" href="/">
            <span class="brand__mark" aria-hidden="true">▦</span>
            <span>${t('appName')}</span>
          </a>
          <nav class="site-nav" aria-label=${t('nav.label')}>
            <ul>
              ${this.link('/', t('nav.processes'))}
              ${isAdmin(user) ? this.link('/admin/processes/new', t('nav.newProcess')) : nothing}
              ${user
                ? html`${this.link('/account', t('nav.account'))}
                    <li>
                      <button type="button" class="link-button" @click=${() => emit(this, 'mesa-sign-out', {})}>
                        ${t('nav.signOut')}
                      </button>
                    </li>`
                : this.session.ready
                  ? html`${this.link('/signin', t('nav.signIn'))} ${this.link('/signup', t('nav.signUp'))}`
                  : nothing}
            </ul>
          </nav>
          ${user ? html`<p class="session-note">${t('nav.signedInAs', { name: user.displayName })}</p>` : nothing}
          <mesa-language-switcher></mesa-language-switcher>
        </div>
      </header>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-site-header': MesaSiteHeader;
  }
}
