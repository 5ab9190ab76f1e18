import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { trackingApi, type ImportReport } from './tracking-api.ts';

/** Admin import of progress updates from a CSV file: all rows or none, the refused rows listed. */
@customElement('mesa-progress-import')
export class MesaProgressImport extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private errors: string[] = [];
  @state() private report: ImportReport | null = null;
  @state() private busy = false;
  private readonly fid = uid('progress-import');


  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    this.busy = true;
    try {
      this.report = await trackingApi.importCsv(this.api, this.slug, file);
      this.errors = [];
      form.reset();
      emit(this, 'mesa-announce', { message: this.i18n.t('tracking:import.imported', { count: this.report.imported }) });
      emit(this, 'mesa-tracking-changed', {});
    } catch (err) {
      this.report = null;
      this.errors = err instanceof ApiError && err.errors.length ? err.errors.map((x) => x.message || x.path) : [problemMessage(this.i18n.t, err)];
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const id = this.fid;
    return html`<section class="tracking__import" aria-labelledby=${`${id}-h`}>
      <form class="card" @submit=${this.submit}>
        <h2 id=${`${id}-h`}>${this.i18n.t('tracking:import.heading')}</h2>
        <p class="muted" id=${`${id}-hint`}>${this.i18n.t('tracking:import.explain')}</p>
        <div class="field"><label for=${`${id}-f`}>${this.i18n.t('tracking:import.file')}</label>
          <input id=${`${id}-f`} name="file" type="file" accept=".csv,text/csv" required aria-describedby=${`${id}-hint`}></div>
        <button class="button" type="submit" ?disabled=${this.busy}>${this.i18n.t('tracking:import.submit')}</button>
        ${this.errors.length ? html`<div role="alert"><p class="field__error">${this.i18n.t('tracking:import.failed')}</p><ul class="form-errors">${this.errors.map((m) => html`<li>${m}</li>`)}</ul></div>` : nothing}
        ${this.report ? html`<p role="status">${this.i18n.t('tracking:import.imported', { count: this.report.imported })}</p>` : nothing}
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-progress-import': MesaProgressImport }
}
