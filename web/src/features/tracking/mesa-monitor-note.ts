import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { trackingApi } from './tracking-api.ts';

/** The independent monitor's note on one update, behind a disclosure. */
@customElement('mesa-monitor-note')
export class MesaMonitorNote extends LightElement {
  @property() updateId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private error = '';
  private readonly fid = uid('monitor-note');


  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '');
    try {
      await trackingApi.addNote(this.api, this.updateId, body);
      this.error = '';
      form.reset();
      emit(this, 'mesa-announce', { message: this.i18n.t('tracking:monitor.saved') });
      emit(this, 'mesa-tracking-changed', {});
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  override render() {
    return html`<details><summary>${this.i18n.t('tracking:monitor.add')}</summary>
      <form @submit=${this.submit}>
        ${this.error ? html`<p class="field__error" role="alert">${this.error}</p>` : nothing}
        <div class="field"><label for=${this.fid}>${this.i18n.t('tracking:monitor.label')}</label><textarea id=${this.fid} name="body" rows="3" required maxlength="5000"></textarea></div>
        <button class="button" type="submit">${this.i18n.t('tracking:monitor.submit')}</button>
      </form></details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-monitor-note': MesaMonitorNote }
}
