import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { Endorsement, Plan, PlanMetaInput } from '@mesa/shared';
import { ApiError, type Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue, type Translate } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { planApi } from './plan-api.ts';
import './mesa-plan-downloads.ts';
import './plan.css';

const META_FIELDS = ['title', 'periodStart', 'periodEnd', 'leadInstitution', 'forum', 'independentMonitor', 'contact', 'ogpPageUrl'] as const;
type MetaField = (typeof META_FIELDS)[number];

interface Loaded { plan: Plan; pending: Endorsement[] }

/** Admin: the plan's metadata, adoption (with a confirmation), endorsements to confirm, exports. */
@customElement('mesa-plan-admin')
export class MesaPlanAdmin extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(META_FIELDS),
    focus: () => this.querySelector<HTMLElement>('.plan-meta-form mesa-error-summary'),
  });
  // Adopting: the server's own wording (it says what is missing) before the generic message.
  private readonly adoption = new FormController(this, {
    t: () => this.i18n.t,
    problem: (err) => (err instanceof ApiError && err.detail ? { '': err.detail } : undefined),
    focus: () => null,
  });
  @state() private reviewing = '';
  private readonly base = uid('plan-admin');
  private readonly idOf = (f: string) => `${this.base}-${f}`;

  private readonly task = new Task(this, {
    task: async ([slug, admin]): Promise<Loaded | null> => {
      if (!admin) return null;
      const [plan, pending] = await Promise.all([planApi.plan(this.api, slug), planApi.endorsements(this.api, slug, 'pending')]);
      emit(this, 'mesa-title', { title: this.t('plan:ui.admin.title', { title: plan.title }) });
      return { plan, pending: pending.items };
    },
    args: () => [this.slug, isAdmin(this.session.user)] as const,
  });

  private get t(): Translate {
    return this.i18n.t;
  }

  private label(f: MetaField): string {
    const t = this.t;
    switch (f) {
      case 'title': return t('plan:ui.admin.fields.title');
      case 'periodStart': return t('plan:ui.admin.fields.periodStart');
      case 'periodEnd': return t('plan:ui.admin.fields.periodEnd');
      case 'ogpPageUrl': return t('plan:export.ogpPage');
      default: return t(`plan:export.${f}`);
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (f: MetaField) => String(form.get(f) ?? '').trim();
    const body: PlanMetaInput = {
      title: value('title'), periodStart: value('periodStart') || null, periodEnd: value('periodEnd') || null, leadInstitution: value('leadInstitution'),
      forum: value('forum'), independentMonitor: value('independentMonitor'), contact: value('contact'), ogpPageUrl: value('ogpPageUrl'),
    };
    const errors: FieldErrors = {};
    if (body.periodStart && body.periodEnd && body.periodEnd < body.periodStart) errors.periodEnd = this.t('plan:ui.admin.errors.periodEnd');
    if (body.ogpPageUrl && !/^https?:\/\/\S+$/.test(body.ogpPageUrl)) errors.ogpPageUrl = this.t('plan:ui.admin.errors.url');
    if (!this.form.check(errors)) return;
    await this.form.run(async () => {
      await planApi.save(this.api, this.slug, body);
      emit(this, 'mesa-announce', { message: this.t('plan:ui.admin.saved') });
      await this.task.run();
    });
  }

  private dialog(): HTMLDialogElement | null {
    return this.querySelector<HTMLDialogElement>(`#${this.base}-confirm`);
  }

  private async adopt(): Promise<void> {
    const adopted = await this.adoption.run(async () => {
      const plan = await planApi.adopt(this.api, this.slug);
      this.dialog()?.close();
      emit(this, 'mesa-announce', { message: this.t('plan:ui.admin.adopted', { count: plan.commitments }) });
      await this.task.run();
      return true;
    });
    if (!adopted) return;
    await this.updateComplete;
    this.querySelector<HTMLElement>('.plan-adoption h2')?.focus();
  }

  private async review(e: Endorsement, action: 'confirm' | 'reject'): Promise<void> {
    this.reviewing = e.id;
    try {
      await planApi.review(this.api, e.id, action);
      emit(this, 'mesa-announce', { message: this.t(action === 'confirm' ? 'plan:ui.admin.confirmed' : 'plan:ui.admin.rejected', { organisation: e.organisation }) });
      await this.task.run();
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#${this.base}-endorsements`)?.focus();
    } catch (err) {
      emit(this, 'mesa-announce', { message: problemMessage(this.i18n.t, err) });
    } finally {
      this.reviewing = '';
    }
  }

  private renderForm(plan: Plan) {
    const t = this.t;
    const e = this.form.errors;
    const value = (f: MetaField) => (f === 'periodStart' ? plan.periodStart : f === 'periodEnd' ? plan.periodEnd : plan[f]) ?? '';
    return html`<form class="plan-meta-form" novalidate @submit=${this.save} aria-labelledby="${this.base}-meta">
      <h2 id="${this.base}-meta">${t('plan:ui.admin.metaHeading')}</h2>
      <mesa-error-summary .heading=${this.i18n.t('common:formErrors')} .items=${this.form.items(META_FIELDS, this.idOf)}></mesa-error-summary>
      ${META_FIELDS.map((f) => html`<mesa-field fieldId=${this.idOf(f)} name=${f} label=${this.label(f)} .value=${value(f)} .error=${e[f] ?? ''}
        type=${f === 'periodStart' || f === 'periodEnd' ? 'date' : 'text'} hint=${f === 'ogpPageUrl' ? t('plan:ui.admin.urlHint') : ''}></mesa-field>`)}
      <button type="submit" ?disabled=${this.form.busy}>${t('plan:ui.admin.save')}</button>
    </form>`;
  }

  private renderAdoption(plan: Plan) {
    const t = this.t;
    return html`<section class="plan-adoption" aria-labelledby="${this.base}-adopt">
      <h2 id="${this.base}-adopt" tabindex="-1">${t('plan:ui.admin.adoptHeading')}</h2>
      ${plan.adoptedAt
        ? html`<p class="plan-status">${t('plan:ui.admin.adoptedBy', { date: this.i18n.formatDate(plan.adoptedAt, { dateStyle: 'long', timeStyle: 'short' }), name: plan.adoptedBy ?? '—' })}</p>`
        : html`
          <p>${t('plan:ui.admin.adoptIntro', { count: plan.commitments })}</p>
          <button type="button" ?disabled=${plan.commitments === 0} @click=${() => { this.adoption.clear(); this.dialog()?.showModal(); }}>${t('plan:ui.admin.adoptButton')}</button>
          <dialog id="${this.base}-confirm" aria-labelledby="${this.base}-confirm-heading" aria-describedby="${this.base}-confirm-text">
            <h2 id="${this.base}-confirm-heading">${t('plan:ui.admin.confirmHeading')}</h2>
            <p id="${this.base}-confirm-text">${t('plan:ui.admin.confirmText', { count: plan.commitments })}</p>
            ${this.adoption.error ? html`<p role="alert" class="error">${this.adoption.error}</p>` : nothing}
            <div class="actions">
              <button type="button" ?disabled=${this.adoption.busy} @click=${() => this.adopt()}>${t('plan:ui.admin.confirmAdopt')}</button>
              <button type="button" class="button--secondary" @click=${() => this.dialog()?.close()}>${t('plan:ui.admin.cancel')}</button>
            </div>
          </dialog>`}
    </section>`;
  }

  private renderPending(pending: Endorsement[]) {
    const t = this.t;
    return html`<section aria-labelledby="${this.base}-endorsements">
      <h2 id="${this.base}-endorsements" tabindex="-1">${t('plan:ui.admin.pendingHeading', { count: pending.length })}</h2>
      ${pending.length === 0 ? html`<p>${t('plan:ui.admin.nonePending')}</p>` : html`<ul class="plan-endorsements">
        ${pending.map((e) => html`<li>
          <p class="plan-endorsements__org" id="${this.base}-e-${e.id}">${e.organisation}</p>
          <p>${e.representative}, ${e.role}</p>
          ${e.statement ? html`<blockquote>${e.statement}</blockquote>` : nothing}
          <div class="actions">
            <button type="button" ?disabled=${this.reviewing === e.id} aria-describedby="${this.base}-e-${e.id}" @click=${() => this.review(e, 'confirm')}>${t('plan:ui.admin.confirm')}</button>
            <button type="button" class="button--secondary" ?disabled=${this.reviewing === e.id} aria-describedby="${this.base}-e-${e.id}" @click=${() => this.review(e, 'reject')}>${t('plan:ui.admin.reject')}</button>
          </div>
        </li>`)}
      </ul>`}
    </section>`;
  }

  override render() {
    const t = this.t;
    if (!this.session.ready) return html`<p role="status">${this.i18n.t('common:loading')}</p>`;
    if (!isAdmin(this.session.user)) return html`<h1>${t('plan:ui.admin.heading')}</h1><p role="alert">${this.i18n.t('common:errors.not-allowed')}</p>`;
    return this.task.render({
      pending: () => html`<p role="status">${this.i18n.t('common:loading')}</p>`,
      error: (err) => html`<div role="alert" class="error">${problemMessage(this.i18n.t, err)}</div>`,
      complete: (loaded) => {
        if (!loaded) return nothing;
        const { plan, pending } = loaded;
        return html`
          <h1>${t('plan:ui.admin.heading')}</h1>
          <p class="lede">${plan.title} · <a href="/processes/${encodeURIComponent(this.slug)}/plan">${t('plan:ui.admin.publicPage')}</a></p>
          ${this.renderAdoption(plan)}
          ${this.renderForm(plan)}
          ${this.renderPending(pending)}
          <mesa-plan-downloads .slug=${this.slug}></mesa-plan-downloads>
        `;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-plan-admin': MesaPlanAdmin;
  }
}
