import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { byField, looksLikeEmail, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { accountsApi } from './accounts-api.ts';

const FIELDS = ['displayName', 'email', 'password'] as const;
const MIN_PASSWORD = 10;

/** Create an account; the new user is signed in straight away. */
@customElement('mesa-sign-up')
export class MesaSignUp extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(FIELDS),
    problem: (err) => (err instanceof ApiError && err.code === 'duplicate' && err.errors.length === 0 ? { email: this.i18n.t('auth:errors.emailTaken') } : undefined),
  });

  private validate(data: Record<string, string>): FieldErrors {
    const { t } = this.i18n;
    const errors: FieldErrors = {};
    if (!data.displayName?.trim()) errors.displayName = t('auth:errors.displayNameRequired');
    if (!looksLikeEmail(data.email ?? '')) errors.email = t('auth:errors.emailInvalid');
    if ((data.password ?? '').length < MIN_PASSWORD) errors.password = t('auth:errors.passwordShort', { min: MIN_PASSWORD });
    return errors;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    if (!this.form.check(this.validate(data))) return;
    const user = await this.form.run(() =>
      accountsApi.register(this.api, { displayName: data.displayName!.trim(), email: data.email!.trim(), password: data.password!, locale: this.i18n.lng }),
    );
    if (!user) return;
    emit(this, 'mesa-session', { user });
    emit(this, 'mesa-navigate', { path: '/account', replace: true });
    emit(this, 'mesa-announce', { message: this.i18n.t('auth:signUp.done', { name: user.displayName }) });
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    return html`
      <div class="narrow">
        <h1>${t('auth:signUp.title')}</h1>
        <p class="lead">${t('auth:signUp.intro')}</p>
        <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => `signup-${f}`)}></mesa-error-summary>
        <form novalidate @submit=${this.submit}>
          <mesa-field fieldId="signup-displayName" name="displayName" autocomplete="name" required
            .label=${t('auth:fields.displayName')} .hint=${t('auth:fields.displayNameHint')} .error=${e.displayName ?? ''}></mesa-field>
          <mesa-field fieldId="signup-email" name="email" type="email" autocomplete="email" required
            .label=${t('auth:fields.email')} .error=${e.email ?? ''}></mesa-field>
          <mesa-field fieldId="signup-password" name="password" type="password" autocomplete="new-password" required
            minlength=${MIN_PASSWORD} .label=${t('auth:fields.password')}
            .hint=${t('auth:fields.newPasswordHint', { min: MIN_PASSWORD })} .error=${e.password ?? ''}></mesa-field>
          <button type="submit" class="button" ?disabled=${this.form.busy}>${t('auth:signUp.submit')}</button>
        </form>
        <p>${t('auth:signUp.haveAccount')} <a href="/signin">${t('auth:signUp.signInLink')}</a></p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-sign-up': MesaSignUp;
  }
}
