import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { MILESTONE_STATUSES } from '@mesa/shared/values';
import { trackingApi, type TrackedCommitment } from './tracking-api.ts';
import { emit } from '../../events.ts';

/** Posts a dated update on one milestone of the commitments the reader may update (admin, or a lead). */
@customElement('mesa-milestone-update-form')
export class MesaMilestoneUpdateForm extends LightElement {
  @property({ attribute: false }) commitments: TrackedCommitment[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  // The server's field paths are this form's field names; the list at the top takes focus.
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: (path) => path,
    focus: () => this.querySelector<HTMLElement>('.form-errors'),
  });
  private readonly fid = uid('milestone-update');


  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const evidenceUrl = String(data.get('evidenceUrl') ?? '').trim();
    const progress = String(data.get('progress') ?? '').trim();
    const posted = await this.form.run(
      async () => {
        await trackingApi.postUpdate(this.api, String(data.get('milestone')), {
          // The status comes from the select's options; an empty progress is left for the server to refuse.
          status: String(data.get('status')) as (typeof MILESTONE_STATUSES)[number], ...(progress === '' ? {} : { progress: Number(progress) }),
          note: String(data.get('note') ?? ''), ...(evidenceUrl ? { evidenceUrl } : {}),
        });
        return true;
      },
      { done: () => this.i18n.t('tracking:form.posted') },
    );
    if (!posted) return;
    form.reset();
    emit(this, 'mesa-tracking-changed', {});
  }

  private errorFor(field: string) {
    const message = this.form.errors[field];
    return message ? html`<p class="field__error" id=${`${this.fid}-${field}-err`}>${message}</p>` : nothing;
  }

  override render() {
    const id = this.fid;
    const errors = Object.entries(this.form.errors);
    const described = (f: string) => (this.form.errors[f] ? `${id}-${f}-err` : undefined);
    return html`<section class="tracking__form" aria-labelledby=${`${id}-h`}>
      <form class="card" @submit=${this.submit} novalidate>
        <h2 id=${`${id}-h`}>${this.i18n.t('tracking:form.heading')}</h2>
        ${errors.length ? html`<ul class="form-errors" role="alert" tabindex="-1">${errors.map(([path, message]) => html`<li>${path ? `${path}: ` : ''}${message}</li>`)}</ul>` : nothing}
        <div class="field"><label for=${`${id}-m`}>${this.i18n.t('tracking:form.milestone')}</label>
          <select id=${`${id}-m`} name="milestone" required>${this.commitments.map((c) => html`<optgroup label=${`${c.reference} · ${c.title}`}>
            ${c.milestones.map((m) => html`<option value=${m.id}>${c.reference} · ${m.title} (${m.progress} %)</option>`)}</optgroup>`)}</select></div>
        <div class="field"><label for=${`${id}-s`}>${this.i18n.t('tracking:form.status')}</label>
          <select id=${`${id}-s`} name="status" aria-describedby=${described('status') ?? nothing}>${MILESTONE_STATUSES.map((s) => html`<option value=${s}>${this.i18n.t(`tracking:status.${s}`)}</option>`)}</select>
          ${this.errorFor('status')}</div>
        <div class="field"><label for=${`${id}-p`}>${this.i18n.t('tracking:form.progress')}</label>
          <input id=${`${id}-p`} name="progress" type="number" min="0" max="100" step="1" inputmode="numeric" required aria-invalid=${described('progress') ? 'true' : 'false'} aria-describedby=${described('progress') ?? nothing}>
          ${this.errorFor('progress')}</div>
        <div class="field"><label for=${`${id}-n`}>${this.i18n.t('tracking:form.note')}</label><textarea id=${`${id}-n`} name="note" rows="3" maxlength="5000"></textarea></div>
        <div class="field"><label for=${`${id}-e`}>${this.i18n.t('tracking:form.evidenceUrl')}</label>
          <input id=${`${id}-e`} name="evidenceUrl" type="url" placeholder="https://" aria-describedby=${described('evidenceUrl') ?? nothing}>${this.errorFor('evidenceUrl')}</div>
        <button class="button" type="submit" ?disabled=${this.form.busy}>${this.i18n.t('tracking:form.submit')}</button>
        <p role="status" class="muted">${this.form.done}</p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-milestone-update-form': MesaMilestoneUpdateForm }
}
