import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi, type ProposalStats } from './proposals-api.ts';
import type { Process } from '@mesa/shared';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { processPath } from './proposal-model.ts';

/** Admin panel of a process's proposals: moderation, import, export, and publishing draft answers in bulk. */
@customElement('mesa-open-call-admin')
export class MesaOpenCallAdmin extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private stats: ProposalStats | null = null;
  private readonly form = new FormController(this, { t: () => this.i18n.t });
  private readonly base = uid('open-call-admin');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('process') && changed.get('process')?.slug !== this.process.slug) void this.loadStats();
  }

  private async loadStats(): Promise<void> {
    try {
      this.stats = await proposalsApi.stats(this.api, this.process.slug);
    } catch {
      this.stats = null;
    }
  }

  private async publish(): Promise<void> {
    const { t } = this.i18n;
    await this.form.run(
      async () => {
        const { published } = await proposalsApi.publishAnswers(this.api, this.process.slug);
        await this.loadStats();
        return published;
      },
      { done: (count) => t('proposals:admin.published', { count }) },
    );
  }

  override render() {
    const { t } = this.i18n;
    const base = processPath(this.process.slug);
    const drafts = this.stats?.draftAnswers ?? 0;
    return html`
      <section class="admin-panel" aria-labelledby="${this.base}-heading">
        <h2 id="${this.base}-heading">${t('proposals:admin.heading')}</h2>
        <ul class="admin-links">
          <li><a href="${base}/moderation">${t('proposals:admin.moderation')}</a></li>
          <li><a href="${base}/import">${t('proposals:admin.import')}</a></li>
          <li><a href=${proposalsApi.exportUrl(this.process.slug, 'csv')} download>${t('proposals:admin.exportCsv')}</a></li>
          <li><a href=${proposalsApi.exportUrl(this.process.slug, 'json')} download>${t('proposals:admin.exportJson')}</a></li>
        </ul>
        <p class="hint" id="${this.base}-drafts">${t('proposals:admin.drafts', { count: drafts })}</p>
        <button type="button" class="button button--secondary" aria-describedby="${this.base}-drafts"
          ?disabled=${this.form.busy || drafts === 0} @click=${this.publish}>${t('proposals:admin.publish')}</button>
        ${this.form.done ? html`<p class="alert alert--success">${this.form.done}</p>` : nothing}
        ${this.form.error ? html`<p class="alert alert--error" role="alert">${this.form.error}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-open-call-admin': MesaOpenCallAdmin;
  }
}
