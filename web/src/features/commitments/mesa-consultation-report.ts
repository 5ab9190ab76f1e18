import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { commitmentsApi, OUTCOMES, type CommitmentReport } from './commitments-api.ts';

/**
 * A commitment's consultation report: comments and agree/disagree per section, the share
 * answered and the outcomes, and how many words changed per section since the version put to
 * consultation. `stamp` changes when something it counts may have changed (reload).
 */
@customElement('mesa-consultation-report')
export class MesaConsultationReport extends LightElement {
  @property() commitmentId = '';
  @property({ type: Number }) stamp = 0;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private report: CommitmentReport | null = null;
  @state() private error = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('commitmentId') || changed.has('stamp')) && this.commitmentId) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.report = await commitmentsApi.report(this.api, this.commitmentId);
      this.error = '';
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  private label(f: string): string {
    return this.i18n.t(`commitments:field.${f}` as 'commitments:field.problem');
  }

  override render() {
    const { t, lng } = this.i18n;
    if (this.error) return html`<p class="alert alert--error">${this.error}</p>`;
    const r = this.report;
    if (!r) return nothing;
    const pct = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 0 }).format(r.answeredShare);
    const sections = r.sections.filter((s) => s.comments || s.agree || s.disagree);
    return html`<section class="c-report" aria-labelledby="report-heading">
      <h2 id="report-heading">${t('commitments:report.heading')}</h2>
      <p>${t('commitments:report.summary', { count: r.comments, answered: r.answered, share: pct })}</p>
      ${r.answered
        ? html`<ul class="plain-list c-report__outcomes">${OUTCOMES.map((o) => html`<li><span class="badge outcome outcome--${o}">${t(`commitments:outcome.${o}`)}</span> ${r.outcomes[o]}</li>`)}</ul>`
        : nothing}
      ${sections.length
        ? html`<div class="table-scroll" tabindex="0" role="region" aria-label=${t('commitments:report.bySection')}><table class="data-table">
            <caption class="visually-hidden">${t('commitments:report.bySection')}</caption>
            <thead><tr><th scope="col">${t('commitments:report.section')}</th><th scope="col">${t('commitments:report.comments')}</th><th scope="col">${t('commitments:report.answered')}</th>
              <th scope="col">${t('commitments:report.agree')}</th><th scope="col">${t('commitments:report.disagree')}</th></tr></thead>
            <tbody>${sections.map((s) => html`<tr><th scope="row">${this.label(s.field)}</th><td>${s.comments}</td><td>${s.answered}</td><td>${s.agree}</td><td>${s.disagree}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${r.changes.from
        ? html`<h3>${t('commitments:report.changesHeading', { from: r.changes.from.label, to: r.changes.to?.id === 'current' ? t('commitments:versions.current') : (r.changes.to?.label ?? '') })}</h3>
            ${r.changes.fields.length
              ? html`<ul>${r.changes.fields.map((f) => html`<li>${f.field === 'title' ? t('commitments:details.title') : this.label(f.field)}: ${t('commitments:versions.counts', { added: f.insertedWords, removed: f.deletedWords })}</li>`)}</ul>`
              : html`<p class="muted">${t('commitments:report.noChanges')}</p>`}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-consultation-report': MesaConsultationReport;
  }
}
