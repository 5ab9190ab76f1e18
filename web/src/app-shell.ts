import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { i18n } from 'i18next';
import { Http } from './api/http.ts';
import type { Locale, User } from '@mesa/shared';
import { apiContext } from './contexts/api.ts';
import { i18nContext, type I18nValue, type Translate } from './contexts/i18n.ts';
import { sessionContext, type Session } from './contexts/session.ts';
import { createI18n, hasSavedLocale, initialLocale, rememberLocale } from './i18n.ts';
import { internalPath, matchRoute, type Route } from './router.ts';
import { renderRoute, ROUTE_TITLES } from './pages.ts';
import { roomConnection } from './controllers/room-connection.ts';
import { LightElement } from './ui/light-element.ts';
import './ui/mesa-site-header.ts';
import { accountsApi } from './features/auth/accounts-api.ts';

/** <mesa-app>: owns the session, language and route; provides them to every page. */
@customElement('mesa-app')
export class MesaApp extends LightElement {
  @provide({ context: apiContext }) api = new Http(initialLocale());
  @provide({ context: sessionContext }) @state() session: Session = { ready: false, user: null };
  @provide({ context: i18nContext }) @state() i18n!: I18nValue;
  @state() private ready = false;
  @state() private route: Route = matchRoute(location.pathname, location.search);
  @state() private announcement = '';
  private i18next: i18n | undefined;
  /** Path and query of the page on display, to tell page changes from #fragment jumps. */
  private pageKey = location.pathname + location.search;

  constructor() {
    super();
    this.addEventListener('click', this.onClick);
    this.addEventListener('mesa-navigate', (e) => this.navigate(e.detail.path, e.detail.replace));
    this.addEventListener('mesa-session', (e) => this.onSession(e.detail.user, e.detail.signedIn));
    this.addEventListener('mesa-locale', (e) => void this.setLocale(e.detail.lng));
    this.addEventListener('mesa-announce', (e) => this.announce(e.detail.message));
    this.addEventListener('mesa-title', (e) => this.setTitle(e.detail.title));
    this.addEventListener('mesa-sign-out', () => void this.signOut());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    if (!this.i18next) void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onPopState);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    this.i18next = await createI18n(this.api.lang as Locale);
    this.applyLocale(this.api.lang as Locale);
    this.ready = true;
    this.setTitle(this.defaultTitle());
    let user = null;
    try {
      user = await accountsApi.me(this.api);
    } catch {
      // the API is unreachable: show the public pages as signed out
    }
    this.session = { ready: true, user };
    // A device with no choice of its own follows the account's language.
    if (user && !hasSavedLocale() && user.locale !== this.i18n.lng) await this.setLocale(user.locale);
  }

  private applyLocale(lng: Locale): void {
    const i = this.i18next!;
    document.documentElement.lang = lng;
    this.api.lang = lng;
    this.i18n = {
      lng,
      t: i.getFixedT(lng) as unknown as Translate,
      formatDate: (iso, options = { dateStyle: 'long' }) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(lng, options).format(date);
      },
    };
  }

  /** Switch the interface language; remember it here and, when signed in, on the account. */
  private async setLocale(lng: Locale): Promise<void> {
    if (!this.i18next) return;
    await this.i18next.changeLanguage(lng);
    rememberLocale(lng);
    this.applyLocale(lng);
    this.setTitle(this.defaultTitle());
    const user = this.session.user;
    if (user && user.locale !== lng) {
      try {
        this.session = { ...this.session, user: await accountsApi.updateMe(this.api, { locale: lng }) };
      } catch {
        // the choice still holds on this device
      }
    }
  }

  private onSession(user: User | null, signedIn = false): void {
    const before = this.session.user?.id;
    this.session = { ready: true, user };
    // The websocket is authenticated by the cookie it opened with: reopen it for the new session.
    if (before !== user?.id) roomConnection.restart();
    // Signing in applies the language saved on the account.
    if (signedIn && user && user.locale !== this.i18n.lng) void this.setLocale(user.locale);
  }

  private async signOut(): Promise<void> {
    const t = this.i18n.t;
    try {
      await accountsApi.logout(this.api);
    } catch {
      // even if the server failed, forget the user locally
    }
    this.session = { ready: true, user: null };
    roomConnection.restart();
    this.navigate('/');
    this.announce(t('auth:signedOut'));
  }

  private readonly onPopState = (): void => {
    const key = location.pathname + location.search;
    if (key === this.pageKey) return; // only the #fragment moved: same page
    this.route = matchRoute(location.pathname, location.search);
    this.afterNavigation();
  };

  private readonly onClick = (event: MouseEvent): void => {
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!anchor) return;
    const path = internalPath(event, anchor);
    if (path === null) return;
    event.preventDefault();
    this.navigate(path);
  };

  private navigate(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path);
    else if (path !== location.pathname + location.search + location.hash) history.pushState(null, '', path);
    this.route = matchRoute(location.pathname, location.search);
    window.scrollTo(0, 0);
    this.afterNavigation();
  }

  /** Announce the new page and put focus at the start of its content. */
  private afterNavigation(): void {
    this.pageKey = location.pathname + location.search;
    const title = this.defaultTitle();
    this.setTitle(title);
    this.announce(title);
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main')?.focus({ preventScroll: true }));
  }

  private defaultTitle(): string {
    return this.ready ? this.i18n.t(ROUTE_TITLES[this.route.name]) : 'Mesa';
  }

  private setTitle(title: string): void {
    document.title = title && title !== 'Mesa' ? `${title} · Mesa` : 'Mesa';
  }

  private announce(message: string): void {
    // Clear first so that the same message twice is still spoken.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = message));
  }

  override render() {
    if (!this.ready) return nothing;
    const { t } = this.i18n;
    return html`
      <a class="skip-link" href="#main">${t('skipToContent')}</a>
      <mesa-site-header .path=${location.pathname}></mesa-site-header>
      <main id="main" tabindex="-1" class="container">${renderRoute(this.route)}</main>
      <footer class="site-footer">
        <div class="container">${t('footer')}</div>
      </footer>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-app': MesaApp;
  }
}
