import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Endorsement } from '@mesa/shared';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue, type Translate } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { planApi, type EndorseInput } from './plan-api.ts';

const FIELDS = ['organisation', 'representative', 'role', 'statement'] as const;

/** An organisation endorses the adopted plan; it is listed once an administrator confirms it. */
@customElement('mesa-endorse-form')
export class MesaEndorseForm extends LightElement {
  @property() slug = '';
  @property({ attribute: false }) mine: Endorsement | null = null;
  /** Endorsing is open while the adopted phase is. */
  @property({ type: Boolean }) open = false;
  @property({ attribute: false }) onEndorsed: () => void = () => {};
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });
  private readonly base = uid('endorse');
  private readonly idOf = (f: string) => `${this.base}-${f}`;

  private get t(): Translate {
    return this.i18n.t;
  }

  private validate(body: EndorseInput): FieldErrors {
    const t = this.t;
    const errors: FieldErrors = {};
    for (const f of ['organisation', 'representative', 'role'] as const) {
      if (body[f].trim().length < 2) errors[f] = t(`plan:ui.endorse.errors.${f}`);
    }
    return errors;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const body = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? '')])) as EndorseInput;
    if (!this.form.check(this.validate(body))) return;
    const sent = await this.form.run(() => planApi.endorse(this.api, this.slug, body).then(() => true), { done: () => this.t('plan:ui.endorse.sent') });
    if (sent) this.onEndorsed();
  }

  private async withdraw(mine: Endorsement): Promise<void> {
    const done = await this.form.run(() => planApi.withdraw(this.api, mine.id).then(() => true), { done: () => this.t('plan:ui.endorse.withdrawn') });
    if (done) this.onEndorsed();
  }

  override render() {
    const t = this.t;
    if (this.mine) {
      return html`<div class="plan-own-endorsement">
        <p role="status">${t(`plan:ui.endorse.mine.${this.mine.status}`, { organisation: this.mine.organisation })}</p>
        ${this.form.errors[''] ? html`<p role="alert" class="error">${this.form.errors['']}</p>` : nothing}
        <button type="button" class="button--secondary" ?disabled=${this.form.busy} @click=${() => this.withdraw(this.mine!)}>${t('plan:ui.endorse.withdraw')}</button>
      </div>`;
    }
    if (!this.open) return nothing;
    if (!this.session.user) {
      const next = `/processes/${encodeURIComponent(this.slug)}/plan`;
      return html`<p class="plan-endorse-signin">${t('plan:ui.endorse.signIn')} <a href="/signin?next=${encodeURIComponent(next)}">${this.i18n.t('common:nav.signIn')}</a></p>`;
    }
    const e = this.form.errors;
    return html`
      <form class="plan-endorse" novalidate @submit=${this.submit} aria-labelledby="${this.base}-heading">
        <h3 id="${this.base}-heading">${t('plan:ui.endorse.heading')}</h3>
        <p>${t('plan:ui.endorse.intro')}</p>
        <mesa-error-summary .heading=${this.i18n.t('common:formErrors')} .items=${this.form.items(FIELDS, this.idOf)}></mesa-error-summary>
        <mesa-field fieldId=${this.idOf('organisation')} name="organisation" label=${t('plan:export.organisation')} required maxlength="300" .error=${e.organisation ?? ''} autocomplete="organization"></mesa-field>
        <mesa-field fieldId=${this.idOf('representative')} name="representative" label=${t('plan:export.representative')} required maxlength="200" .error=${e.representative ?? ''} autocomplete="name"></mesa-field>
        <mesa-field fieldId=${this.idOf('role')} name="role" label=${t('plan:export.role')} required maxlength="200" .error=${e.role ?? ''} autocomplete="organization-title"></mesa-field>
        <mesa-field fieldId=${this.idOf('statement')} name="statement" type="textarea" label=${t('plan:ui.endorse.statement')} hint=${t('plan:ui.endorse.statementHint')} .countMax=${2000} .error=${e.statement ?? ''}></mesa-field>
        <button type="submit" ?disabled=${this.form.busy}>${t('plan:ui.endorse.submit')}</button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-endorse-form': MesaEndorseForm;
  }
}
