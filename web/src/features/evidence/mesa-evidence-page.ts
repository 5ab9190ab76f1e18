import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { evidenceApi, type EvidenceReport, type Standard } from './evidence-api.ts';
import { chartWithTable } from './figures.ts';
import './mesa-evidence-admin.ts';
import './mesa-profile-form.ts';
import './evidence.css';

/**
 * The co-creation evidence report (`/processes/:slug/evidence`): the OGP standards checklist with
 * links to the evidence, then the figures computed from the records, printable.
 */
@customElement('mesa-evidence-page')
export class MesaEvidencePage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private report: EvidenceReport | null = null;
  @state() private error: unknown = null;
  private loadedFor = '';

  /** Keys built at run time (standards, sectors) are looked up untyped. */
  private tx(key: string, opts: Record<string, unknown> = {}): string {
    return this.i18n.t(key as never, opts as never) as unknown as string;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const who = this.session.ready ? `${this.slug}|${this.session.user?.id ?? ''}` : '';
    if (who && (changed.has('slug') || who !== this.loadedFor)) {
      this.loadedFor = who;
      void this.load();
    }
  }

  protected override updated(): void {
    const title = this.report ? `${this.tx('evidence:title')} — ${this.report.process.title}` : '';
    if (title && document.title.indexOf(title) !== 0) emit(this, 'mesa-title', { title });
  }

  private async load(): Promise<void> {
    try {
      this.report = await evidenceApi.report(this.api, this.slug);
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  override render() {
    if (this.error) return html`<p class="notice notice--error" role="alert">${this.tx('evidence:loadFailed')} ${problemMessage(this.i18n.t, this.error)}</p>`;
    const r = this.report;
    if (!r) return html`<p role="status">${this.tx('evidence:loading')}</p>`;
    const enc = encodeURIComponent(this.slug);
    const lng = this.i18n.lng;
    const n = (x: number) => new Intl.NumberFormat(lng).format(x);
    const percent = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(x));
    const sector = (s: string) => this.tx(`evidence:sectors.${s}`, { defaultValue: s });
    const headers: [string, string] = [this.tx('evidence:chart.category'), this.tx('evidence:chart.count')];
    return html`<article class="evidence">
      <p class="muted"><a href=${`/processes/${enc}`}>${r.process.title}</a></p>
      <h1>${this.tx('evidence:title')}</h1>
      <p class="lead">${this.tx('evidence:intro', { process: r.process.title, date: this.i18n.formatDate(r.generatedAt, { dateStyle: 'long' }) })}</p>
      <p class="evidence__actions no-print">
        <button type="button" class="button button--secondary" @click=${() => window.print()}>${this.tx('evidence:print')}</button>
        <a href=${`/api/processes/${enc}/evidence?format=html&lang=${lng}`}>${this.tx('evidence:htmlVersion')}</a>
        <a href=${`/api/processes/${enc}/evidence`} download=${`evidence-${this.slug}.json`}>${this.tx('evidence:downloadJson')}</a>
        <a href=${`/processes/${enc}/tracking`}>${this.tx('tracking:title')}</a>
      </p>

      <section aria-labelledby="ev-standards" class="evidence__section">
        <h2 id="ev-standards">${this.tx('evidence:standards.heading')}</h2>
        <ul class="checklist">${r.standards.map((s) => this.renderStandard(s))}</ul>
      </section>

      <section aria-labelledby="ev-notice" class="evidence__section">
        <h2 id="ev-notice">${this.tx('evidence:notice.heading')}</h2>
        <p>${r.noticeDays === null ? this.tx('evidence:notice.none') : this.tx('evidence:notice.days', { count: r.noticeDays })}</p>
      </section>

      <section aria-labelledby="ev-inputs" class="evidence__section">
        <h2 id="ev-inputs">${this.tx('evidence:inputs.heading')}</h2>
        <p>${this.tx('evidence:inputs.total', { count: n(r.inputs.total) })} ${this.tx('evidence:inputs.split', { proposals: n(r.inputs.proposals), comments: n(r.inputs.consultationComments) })}</p>
        ${r.inputs.reported !== null ? html`<p>${this.tx('evidence:inputs.reported', { count: n(r.inputs.reported) })} ${this.tx('evidence:inputs.sum', { count: n(r.inputs.sumBySector) })}</p>` : nothing}
        ${r.inputs.gap !== null ? html`<p class="evidence__gap" role="note">${this.tx('evidence:inputs.gap', { count: Math.abs(r.inputs.gap), reported: r.inputs.reported, sum: r.inputs.sumBySector })} ${r.inputs.reportedNote}</p>` : nothing}
        ${chartWithTable({ id: 'chart-inputs', caption: this.tx('evidence:inputs.bySector'), data: r.inputs.bySector, label: sector, headers, format: n })}
      </section>

      <section aria-labelledby="ev-participants" class="evidence__section">
        <h2 id="ev-participants">${this.tx('evidence:participants.heading')}</h2>
        <p>${this.tx('evidence:participants.total', { count: n(r.participants.total) })}</p>
        ${chartWithTable({ id: 'chart-participants', caption: this.tx('evidence:participants.bySector'), data: r.participants.bySector, label: sector, headers, format: n })}
        ${chartWithTable({ id: 'chart-gender', caption: this.tx('evidence:participants.byGender'), data: r.participants.byGender, label: (g) => this.tx(`evidence:genders.${g}`, { defaultValue: g }), headers, format: n })}
        ${chartWithTable({ id: 'chart-disability', caption: this.tx('evidence:participants.byDisability'), data: r.participants.byDisability, label: (g) => this.tx(`evidence:disability.${g}`, { defaultValue: g }), headers, format: n })}
        <p class="muted">${this.tx('evidence:participants.smallGroups')}</p>
      </section>

      <section aria-labelledby="ev-orgs" class="evidence__section">
        <h2 id="ev-orgs">${this.tx('evidence:organisations.heading')}</h2>
        <p>${this.tx('evidence:organisations.count', { count: n(r.organisations.count) })}</p>
        ${r.organisations.names.length ? html`<details><summary>${this.tx('evidence:organisations.heading')}</summary><ul class="evidence__orgs">${r.organisations.names.map((o) => html`<li>${o}</li>`)}</ul></details>` : nothing}
      </section>

      <section aria-labelledby="ev-meetings" id="meetings" class="evidence__section">
        <h2 id="ev-meetings">${this.tx('evidence:meetings.heading')}</h2>
        <p>${this.tx('evidence:meetings.count', { count: n(r.meetings.count) })} ${this.tx('evidence:meetings.attendance', { count: n(r.meetings.attendance) })}</p>
        ${this.renderMeetings(r)}
      </section>

      <section aria-labelledby="ev-responses" id="responses" class="evidence__section">
        <h2 id="ev-responses">${this.tx('evidence:responses.heading')}</h2>
        <p>${this.tx('evidence:consultation.comments', { count: n(r.consultation.comments) })}</p>
        <p>${r.reasonedResponseShare === null ? this.tx('evidence:responses.none') : this.tx('evidence:responses.share', { percent: percent(r.reasonedResponseShare), answered: n(r.responses.answered), of: n(r.responses.of) })}</p>
        ${r.reasonedResponseShare !== null ? html`<p><progress max="1" .value=${r.reasonedResponseShare} aria-label=${this.tx('evidence:responses.heading')}></progress></p>` : nothing}
        <p>${this.tx('evidence:commitments.count', { count: n(r.commitments.count) })} ${r.commitments.references.join(', ')}</p>
      </section>

      <section aria-labelledby="ev-timeline" id="timeline" class="evidence__section">
        <h2 id="ev-timeline">${this.tx('evidence:timeline.heading')}</h2>
        <ol class="evidence__timeline">${r.timeline.map((e) => html`<li><time datetime=${e.at}>${this.i18n.formatDate(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</time>
          ${this.tx(`evidence:timeline.actions.${e.action}`, { phase: e.kind ? this.tx(`evidence:phases.${e.kind}`) : '' })}${e.outsideSchedule ? html` <span class="badge badge--warning">${this.tx('evidence:timeline.outside')}</span>` : nothing}</li>`)}</ol>
      </section>

      ${isAdmin(this.session.user) ? html`<mesa-evidence-admin class="no-print" .slug=${this.slug} .meetings=${r.meetings.public} @mesa-evidence-changed=${() => void this.load()}></mesa-evidence-admin>` : nothing}
      ${this.session.user ? html`<mesa-profile-form class="no-print"></mesa-profile-form>` : nothing}
    </article>`;
  }

  private renderStandard(s: Standard) {
    return html`<li class="checklist__item checklist__item--${s.status}" data-standard=${s.key}>
      <h3>${this.tx(`evidence:standards.names.${s.key}`)}</h3>
      <p><span class="badge status status--${s.status}">${this.tx(`evidence:standards.status.${s.status}`)}</span>
        ${this.tx(`evidence:standards.reasons.${s.reason}`, s.params)}</p>
      <p class="checklist__evidence">${this.tx('evidence:standards.evidence')}:
        ${s.evidence.map((u, i) => html`${i ? ', ' : ''}<a href=${u}>${u}</a>`)}</p>
    </li>`;
  }

  private renderMeetings(r: EvidenceReport) {
    const rows = [
      ...r.meetings.workshops.map((w) => ({ at: w.startsAt, title: html`<a href=${w.url}>${w.title}</a>`, kind: this.tx('evidence:meetingKinds.workshop'), people: w.attendance, minutes: html`` })),
      ...r.meetings.public.map((m) => ({ at: m.heldOn, title: html`${m.title}`, kind: this.tx(`evidence:meetingKinds.${m.kind}`), people: m.attendanceTotal,
        minutes: m.minutesUrl ? html`<a href=${m.minutesUrl}>${this.tx('evidence:meetings.minutes')}</a>` : html`${this.tx('evidence:meetings.noMinutes')}` })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    if (rows.length === 0) return nothing;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.tx('evidence:meetings.heading')}><table class="table">
      <caption class="visually-hidden">${this.tx('evidence:meetings.heading')}</caption>
      <thead><tr><th scope="col">${this.tx('evidence:meetings.date')}</th><th scope="col">${this.tx('evidence:meetings.title')}</th><th scope="col">${this.tx('evidence:meetings.kind')}</th><th scope="col">${this.tx('evidence:meetings.people')}</th><th scope="col">${this.tx('evidence:meetings.minutes')}</th></tr></thead>
      <tbody>${rows.map((m) => html`<tr><td>${this.i18n.formatDate(m.at.length === 10 ? `${m.at}T12:00:00Z` : m.at, { dateStyle: 'medium' })}</td><td>${m.title}</td><td>${m.kind}</td><td>${m.people}</td><td>${m.minutes}</td></tr>`)}</tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-evidence-page': MesaEvidencePage }
  interface GlobalEventHandlersEventMap { 'mesa-evidence-changed': CustomEvent<Record<string, never>> }
}
