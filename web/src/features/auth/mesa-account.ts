import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import type { User } from '@mesa/shared';
import { LOCALES } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, isLocale, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LANGUAGE_NAMES } from '../../i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import '../../ui/mesa-sign-in-needed.ts';
import { byField } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { accountsApi } from './accounts-api.ts';

const FIELDS = ['displayName', 'locale'] as const;

/** The reader's account: display name, preferred language, roles, sign out. */
@customElement('mesa-account')
export class MesaAccount extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    const displayName = data.displayName?.trim() ?? '';
    if (!this.form.check(displayName ? {} : { displayName: this.i18n.t('auth:errors.displayNameRequired') })) return;
    const locale = isLocale(data.locale) ? data.locale : undefined;
    await this.form.run(
      async () => {
        const user = await accountsApi.updateMe(this.api, { displayName, locale });
        emit(this, 'mesa-session', { user });
        if (locale && locale !== this.i18n.lng) emit(this, 'mesa-locale', { lng: locale });
      },
      { done: () => this.i18n.t('auth:account.saved') },
    );
  }

  private memberships(user: User) {
    const { t } = this.i18n;
    if (user.memberships.length === 0) return nothing;
    return html`
      <section class="section" aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">${t('auth:account.memberships')}</h2>
        <ul class="plain-list">
          ${user.memberships.map(
            (m) => html`<li>
              <a href="/processes/${encodeURIComponent(m.processSlug)}">${m.processSlug}</a>:
              ${t(`roles.${m.role}`)}${m.sector ? `, ${t(`sector.${m.sector}` as 'sector.resident', { defaultValue: m.sector })}` : ''}
              ${m.organisation ? html`(${m.organisation})` : nothing}
            </li>`,
          )}
        </ul>
      </section>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const user = this.session.user;
    if (!this.session.ready) return html`<p role="status">${t('loading')}</p>`;
    if (!user) return html`<mesa-sign-in-needed .heading=${t('auth:account.title')} next="/account"></mesa-sign-in-needed>`;
    const e = this.form.errors;
    return html`
      <div class="narrow">
        <h1>${t('auth:account.title')}</h1>
        <p>${t('auth:account.signedInAs', { email: user.email })}</p>
        <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => `account-${f}`)}></mesa-error-summary>
        ${this.form.done ? html`<p class="alert alert--success">${this.form.done}</p>` : nothing}
        <form novalidate @submit=${this.submit}>
          <mesa-field fieldId="account-displayName" name="displayName" autocomplete="name" required
            .value=${user.displayName} .label=${t('auth:fields.displayName')} .hint=${t('auth:fields.displayNameHint')}
            .error=${e.displayName ?? ''}></mesa-field>
          <mesa-field fieldId="account-locale" name="locale" type="select" .value=${user.locale}
            .label=${t('auth:fields.locale')} .hint=${t('auth:fields.localeHint')} .error=${e.locale ?? ''}
            .options=${LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}></mesa-field>
          <button type="submit" class="button" ?disabled=${this.form.busy}>${t('auth:account.save')}</button>
        </form>
        ${this.memberships(user)}
        <section class="section" aria-labelledby="signout-heading">
          <h2 id="signout-heading">${t('auth:account.signOutHeading')}</h2>
          <button type="button" class="button button--secondary" @click=${() => emit(this, 'mesa-sign-out', {})}>
            ${t('nav.signOut')}
          </button>
        </section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-account': MesaAccount;
  }
}
