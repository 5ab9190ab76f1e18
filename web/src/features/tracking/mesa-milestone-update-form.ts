import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { MILESTONE_STATUSES } from '@mesa/shared/values';
import { trackingApi, type TrackedCommitment } from './tracking-api.ts';

/** Posts a dated update on one milestone of the commitments the reader may update (admin, or a lead). */
@customElement('mesa-milestone-update-form')
export class MesaMilestoneUpdateForm extends LightElement {
  @property({ attribute: false }) commitments: TrackedCommitment[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private errors: { path: string; message: string }[] = [];
  @state() private busy = false;
  @state() private done = '';
  private readonly fid = uid('milestone-update');

  private tx(key: string, opts: Record<string, unknown> = {}): string {
    return this.i18n.t(key as never, opts as never) as unknown as string;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const evidenceUrl = String(data.get('evidenceUrl') ?? '').trim();
    const progress = String(data.get('progress') ?? '').trim();
    this.busy = true;
    this.done = '';
    try {
      await trackingApi.postUpdate(this.api, String(data.get('milestone')), {
        status: String(data.get('status')) as never, progress: progress === '' ? (undefined as never) : Number(progress),
        note: String(data.get('note') ?? ''), ...(evidenceUrl ? { evidenceUrl } : {}),
      });
      this.errors = [];
      this.done = this.tx('tracking:form.posted');
      form.reset();
      emit(this, 'mesa-announce', { message: this.done });
      this.dispatchEvent(new CustomEvent('mesa-tracking-changed', { bubbles: true, detail: {} }));
    } catch (err) {
      this.errors = err instanceof ApiError && err.errors.length ? err.errors : [{ path: '', message: problemMessage(this.i18n.t, err) }];
      await this.updateComplete;
      this.querySelector<HTMLElement>('.form-errors')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private errorFor(field: string) {
    const e = this.errors.find((x) => x.path === field);
    return e ? html`<p class="field__error" id=${`${this.fid}-${field}-err`}>${e.message}</p>` : nothing;
  }

  override render() {
    const id = this.fid;
    const described = (f: string) => (this.errors.some((x) => x.path === f) ? `${id}-${f}-err` : undefined);
    return html`<section class="tracking__form" aria-labelledby=${`${id}-h`}>
      <form class="card" @submit=${this.submit} novalidate>
        <h2 id=${`${id}-h`}>${this.tx('tracking:form.heading')}</h2>
        ${this.errors.length ? html`<ul class="form-errors" role="alert" tabindex="-1">${this.errors.map((m) => html`<li>${m.path ? `${m.path}: ` : ''}${m.message}</li>`)}</ul>` : nothing}
        <div class="field"><label for=${`${id}-m`}>${this.tx('tracking:form.milestone')}</label>
          <select id=${`${id}-m`} name="milestone" required>${this.commitments.map((c) => html`<optgroup label=${`${c.reference} · ${c.title}`}>
            ${c.milestones.map((m) => html`<option value=${m.id}>${c.reference} · ${m.title} (${m.progress} %)</option>`)}</optgroup>`)}</select></div>
        <div class="field"><label for=${`${id}-s`}>${this.tx('tracking:form.status')}</label>
          <select id=${`${id}-s`} name="status" aria-describedby=${described('status') ?? nothing}>${MILESTONE_STATUSES.map((s) => html`<option value=${s}>${this.tx(`tracking:status.${s}`)}</option>`)}</select>
          ${this.errorFor('status')}</div>
        <div class="field"><label for=${`${id}-p`}>${this.tx('tracking:form.progress')}</label>
          <input id=${`${id}-p`} name="progress" type="number" min="0" max="100" step="1" inputmode="numeric" required aria-invalid=${described('progress') ? 'true' : 'false'} aria-describedby=${described('progress') ?? nothing}>
          ${this.errorFor('progress')}</div>
        <div class="field"><label for=${`${id}-n`}>${this.tx('tracking:form.note')}</label><textarea id=${`${id}-n`} name="note" rows="3" maxlength="5000"></textarea></div>
        <div class="field"><label for=${`${id}-e`}>${this.tx('tracking:form.evidenceUrl')}</label>
          <input id=${`${id}-e`} name="evidenceUrl" type="url" placeholder="https://" aria-describedby=${described('evidenceUrl') ?? nothing}>${this.errorFor('evidenceUrl')}</div>
        <button class="button" type="submit" ?disabled=${this.busy}>${this.tx('tracking:form.submit')}</button>
        <p role="status" class="muted">${this.done}</p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-milestone-update-form': MesaMilestoneUpdateForm }
}
