import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { accountsApi } from './accounts-api.ts';

const FIELDS = ['email', 'password'] as const;

/** Sign in with e-mail and password, then go back where the reader came from. */
@customElement('mesa-sign-in')
export class MesaSignIn extends LightElement {
  /** Where to go once signed in (a same-site path). */
  @property() next = '/';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(FIELDS),
    // Wrong e-mail or password: one message that does not say which.
    problem: (err) => (err instanceof ApiError && err.status === 401 ? { '': this.i18n.t('auth:signIn.failed') } : undefined),
  });

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    const errors: FieldErrors = {};
    if (!data.email?.trim()) errors.email = t('auth:errors.emailRequired');
    if (!data.password) errors.password = t('auth:errors.passwordRequired');
    if (!this.form.check(errors)) return;
    const user = await this.form.run(() => accountsApi.login(this.api, { email: data.email!.trim(), password: data.password! }));
    if (!user) return;
    emit(this, 'mesa-session', { user, signedIn: true });
    emit(this, 'mesa-navigate', { path: this.next, replace: true });
    emit(this, 'mesa-announce', { message: t('auth:signIn.done', { name: user.displayName }) });
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    return html`
      <div class="narrow">
        <h1>${t('auth:signIn.title')}</h1>
        <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => `signin-${f}`)}></mesa-error-summary>
        <form novalidate @submit=${this.submit}>
          <mesa-field fieldId="signin-email" name="email" type="email" autocomplete="username" required
            .label=${t('auth:fields.email')} .error=${e.email ?? ''}></mesa-field>
          <mesa-field fieldId="signin-password" name="password" type="password" autocomplete="current-password" required
            .label=${t('auth:fields.password')} .error=${e.password ?? ''}></mesa-field>
          <button type="submit" class="button" ?disabled=${this.form.busy}>${t('auth:signIn.submit')}</button>
        </form>
        <p>${t('auth:signIn.noAccount')} <a href="/signup">${t('auth:signIn.signUpLink')}</a></p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-sign-in': MesaSignIn;
  }
}
