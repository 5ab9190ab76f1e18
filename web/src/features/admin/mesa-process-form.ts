import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { LOCALES } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { isAdmin, sessionContext, type Session } from '../../contexts/session.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { emit } from '../../events.ts';
import { LANGUAGE_NAMES } from '../../i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import '../../ui/mesa-sign-in-needed.ts';
import './mesa-phase-dates.ts';
import { FIELD_ORDER, SLUG_PATTERN, fieldForPath, fieldId, slugify, suggestedPhases, toPayload, validateDraft, type ProcessDraft } from './process-form-model.ts';
import { processesApi } from '../processes/processes-api.ts';

/** Admin form to set up a process: what it is, and the published dates of its five phases. */
@customElement('mesa-process-form')
export class MesaProcessForm extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private draft: ProcessDraft = { slug: '', title: '', description: '', language: '', phases: suggestedPhases() };
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: fieldForPath,
    problem: (err) => (err instanceof ApiError && err.code === 'duplicate' && err.errors.length === 0 ? { slug: this.i18n.t('admin:errors.slugTaken') } : undefined),
  });
  /** Once the admin types a slug, stop deriving it from the title. */
  private slugTouched = false;

  private onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const { name, value } = target;
    const draft = { ...this.draft };
    const phase = /^phases\.(\d+)\.(startsAt|endsAt)$/.exec(name);
    if (phase) {
      const i = Number(phase[1]);
      draft.phases = draft.phases.map((p, j) => (j === i ? { ...p, [phase[2] === 'startsAt' ? 'start' : 'end']: value } : p));
    } else if (name === 'slug') {
      this.slugTouched = value !== '';
      draft.slug = value.trim();
    } else if (name === 'title' || name === 'description' || name === 'language') {
      draft[name] = value;
      if (name === 'title' && !this.slugTouched) draft.slug = slugify(value);
    }
    this.draft = draft;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const draft = { ...this.draft, language: this.draft.language || this.i18n.lng };
    if (!this.form.check(validateDraft(t, draft))) return;
    const process = await this.form.run(() => processesApi.create(this.api, toPayload(draft)));
    if (!process) return;
    emit(this, 'mesa-navigate', { path: `/processes/${encodeURIComponent(process.slug)}` });
    emit(this, 'mesa-announce', { message: t('admin:processForm.created', { title: process.title }) });
  }

  private renderForm() {
    const { t, lng } = this.i18n;
    const e = this.form.errors;
    const d = this.draft;
    const field = (name: string) => ({ id: fieldId(name), error: e[name] ?? '' });
    return html`
      <h1>${t('admin:processForm.title')}</h1>
      <p class="lead">${t('admin:processForm.intro')}</p>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELD_ORDER, fieldId)}></mesa-error-summary>
      <form novalidate class="stack" @input=${this.onInput} @change=${this.onInput} @submit=${this.submit}>
        <fieldset class="card">
          <legend>${t('admin:processForm.about')}</legend>
          <mesa-field name="title" required fieldId=${field('title').id} .value=${d.title}
            .label=${t('admin:processForm.titleLabel')} .error=${field('title').error}></mesa-field>
          <mesa-field name="slug" required fieldId=${field('slug').id} .value=${d.slug} pattern=${SLUG_PATTERN}
            .label=${t('admin:processForm.slug')} .hint=${t('admin:processForm.slugHint', { slug: d.slug || 'example-2026' })}
            .error=${field('slug').error}></mesa-field>
          <mesa-field name="description" type="textarea" fieldId=${field('description').id} .value=${d.description}
            .label=${t('admin:processForm.description')} .hint=${t('admin:processForm.descriptionHint')} .error=${field('description').error}></mesa-field>
          <mesa-field name="language" type="select" fieldId=${field('language').id} .value=${d.language || lng}
            .label=${t('admin:processForm.language')} .hint=${t('admin:processForm.languageHint')}
            .options=${LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
            .error=${field('language').error}></mesa-field>
        </fieldset>
        <fieldset class="card">
          <legend>${t('admin:processForm.phases')}</legend>
          <p class="hint">${t('admin:processForm.phasesHint')}</p>
          ${d.phases.map(
            (p, i) => html`<mesa-phase-dates .index=${i} .kind=${p.kind} .start=${p.start} .end=${p.end}
              .startError=${e[`phases.${i}.startsAt`] ?? ''} .endError=${e[`phases.${i}.endsAt`] ?? ''}></mesa-phase-dates>`,
          )}
        </fieldset>
        <button type="submit" class="button" ?disabled=${this.form.busy}>${t('admin:processForm.submit')}</button>
      </form>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const user = this.session.user;
    if (!this.session.ready) return html`<p role="status">${t('loading')}</p>`;
    if (!user) {
      return html`<mesa-sign-in-needed .heading=${t('admin:processForm.title')} next="/admin/processes/new"></mesa-sign-in-needed>`;
    }
    if (!isAdmin(user)) {
      return html`<h1>${t('admin:processForm.title')}</h1>
        <p class="alert alert--error">${t('errors.not-allowed')}</p>`;
    }
    return this.renderForm();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-process-form': MesaProcessForm;
  }
}
