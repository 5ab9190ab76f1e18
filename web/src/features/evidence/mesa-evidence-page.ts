import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
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
import type evidence from '../../../../locales/en/evidence.json';

/**
 * The report names timeline actions, phases and the standards' reasons as plain strings; the
 * keys they stand for are those of locales/en/evidence.json (an unknown one shows as its key).
 */
type TimelineAction = keyof (typeof evidence)['timeline']['actions'];
type PhaseName = keyof (typeof evidence)['phases'];
type Reason = keyof (typeof evidence)['standards']['reasons'];

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
  // Loads once the session is known (admins and leads see more) and again when the reader changes.
  private readonly task = new Task(this, {
    task: ([slug, ready]) => (ready ? evidenceApi.report(this.api, slug) : initialState),
    args: () => [this.slug, this.session.ready, this.session.user?.id] as const,
  });

  protected override updated(): void {
    const title = this.task.value ? `${this.i18n.t('evidence:title')} — ${this.task.value.process.title}` : '';
    if (title && document.title.indexOf(title) !== 0) emit(this, 'mesa-title', { title });
  }

  private load(): void {
    void this.task.run();
  }

  override render() {
    if (this.task.status === TaskStatus.ERROR) return html`<p class="notice notice--error" role="alert">${this.i18n.t('evidence:loadFailed')} ${problemMessage(this.i18n.t, this.task.error)}</p>`;
    const r = this.task.value;
    if (!r) return html`<p role="status">${this.i18n.t('evidence:loading')}</p>`;
    const enc = encodeURIComponent(this.slug);
    const lng = this.i18n.lng;
    const n = (x: number) => new Intl.NumberFormat(lng).format(x);
    const percent = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(x));
    const sector = (s: string) => this.i18n.t(`evidence:sectors.${s}`, { defaultValue: s });
    const headers: [string, string] = [this.i18n.t('evidence:chart.category'), this.i18n.t('evidence:chart.count')];
    return html`<article class="evidence">
      <p class="muted"><a href=${`/processes/${enc}`}>${r.process.title}</a></p>
      <h1>${this.i18n.t('evidence:title')}</h1>
      <p class="lead">${this.i18n.t('evidence:intro', { process: r.process.title, date: this.i18n.formatDate(r.generatedAt, { dateStyle: 'long' }) })}</p>
      <p class="evidence__actions no-print">
        <button type="button" class="button button--secondary" @click=${() => window.print()}>${this.i18n.t('evidence:print')}</button>
        <a href=${`/api/processes/${enc}/evidence?format=html&lang=${lng}`}>${this.i18n.t('evidence:htmlVersion')}</a>
        <a href=${`/api/processes/${enc}/evidence`} download=${`evidence-${this.slug}.json`}>${this.i18n.t('evidence:downloadJson')}</a>
        <a href=${`/processes/${enc}/tracking`}>${this.i18n.t('tracking:title')}</a>
      </p>

      <section aria-labelledby="ev-standards" class="evidence__section">
        <h2 id="ev-standards">${this.i18n.t('evidence:standards.heading')}</h2>
        <ul class="checklist">${r.standards.map((s) => this.renderStandard(s))}</ul>
      </section>

      <section aria-labelledby="ev-notice" class="evidence__section">
        <h2 id="ev-notice">${this.i18n.t('evidence:notice.heading')}</h2>
        <p>${r.noticeDays === null ? this.i18n.t('evidence:notice.none') : this.i18n.t('evidence:notice.days', { count: r.noticeDays })}</p>
      </section>

      <section aria-labelledby="ev-inputs" class="evidence__section">
        <h2 id="ev-inputs">${this.i18n.t('evidence:inputs.heading')}</h2>
        <p>${this.i18n.t('evidence:inputs.total', { count: n(r.inputs.total) })} ${this.i18n.t('evidence:inputs.split', { proposals: n(r.inputs.proposals), comments: n(r.inputs.consultationComments) })}</p>
        ${r.inputs.reported !== null ? html`<p>${this.i18n.t('evidence:inputs.reported', { count: n(r.inputs.reported) })} ${this.i18n.t('evidence:inputs.sum', { count: n(r.inputs.sumBySector) })}</p>` : nothing}
        ${r.inputs.gap !== null ? html`<p class="evidence__gap" role="note">${this.i18n.t('evidence:inputs.gap', { count: Math.abs(r.inputs.gap), reported: r.inputs.reported, sum: r.inputs.sumBySector })} ${r.inputs.reportedNote}</p>` : nothing}
        ${chartWithTable({ id: 'chart-inputs', caption: this.i18n.t('evidence:inputs.bySector'), data: r.inputs.bySector, label: sector, headers, format: n })}
      </section>

      <section aria-labelledby="ev-participants" class="evidence__section">
        <h2 id="ev-participants">${this.i18n.t('evidence:participants.heading')}</h2>
        <p>${this.i18n.t('evidence:participants.total', { count: n(r.participants.total) })}</p>
        ${chartWithTable({ id: 'chart-participants', caption: this.i18n.t('evidence:participants.bySector'), data: r.participants.bySector, label: sector, headers, format: n })}
        ${chartWithTable({ id: 'chart-gender', caption: this.i18n.t('evidence:participants.byGender'), data: r.participants.byGender, label: (g) => this.i18n.t(`evidence:genders.${g}`, { defaultValue: g }), headers, format: n })}
        ${chartWithTable({ id: 'chart-disability', caption: this.i18n.t('evidence:participants.byDisability'), data: r.participants.byDisability, label: (g) => this.i18n.t(`evidence:disability.${g}`, { defaultValue: g }), headers, format: n })}
        <p class="muted">${this.i18n.t('evidence:participants.smallGroups')}</p>
      </section>

      <section aria-labelledby="ev-orgs" class="evidence__section">
        <h2 id="ev-orgs">${this.i18n.t('evidence:organisations.heading')}</h2>
        <p>${this.i18n.t('evidence:organisations.count', { count: n(r.organisations.count) })}</p>
        ${r.organisations.names.length ? html`<details><summary>${this.i18n.t('evidence:organisations.heading')}</summary><ul class="evidence__orgs">${r.organisations.names.map((o) => html`<li>${o}</li>`)}</ul></details>` : nothing}
      </section>

      <section aria-labelledby="ev-meetings" id="meetings" class="evidence__section">
        <h2 id="ev-meetings">${this.i18n.t('evidence:meetings.heading')}</h2>
        <p>${this.i18n.t('evidence:meetings.count', { count: n(r.meetings.count) })} ${this.i18n.t('evidence:meetings.attendance', { count: n(r.meetings.attendance) })}</p>
        ${this.renderMeetings(r)}
      </section>

      <section aria-labelledby="ev-responses" id="responses" class="evidence__section">
        <h2 id="ev-responses">${this.i18n.t('evidence:responses.heading')}</h2>
        <p>${this.i18n.t('evidence:consultation.comments', { count: n(r.consultation.comments) })}</p>
        <p>${r.reasonedResponseShare === null ? this.i18n.t('evidence:responses.none') : this.i18n.t('evidence:responses.share', { percent: percent(r.reasonedResponseShare), answered: n(r.responses.answered), of: n(r.responses.of) })}</p>
        ${r.reasonedResponseShare !== null ? html`<p><progress max="1" .value=${r.reasonedResponseShare} aria-label=${this.i18n.t('evidence:responses.heading')}></progress></p>` : nothing}
        <p>${this.i18n.t('evidence:commitments.count', { count: n(r.commitments.count) })} ${r.commitments.references.join(', ')}</p>
      </section>

      <section aria-labelledby="ev-timeline" id="timeline" class="evidence__section">
        <h2 id="ev-timeline">${this.i18n.t('evidence:timeline.heading')}</h2>
        <ol class="evidence__timeline">${r.timeline.map((e) => html`<li><time datetime=${e.at}>${this.i18n.formatDate(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</time>
          ${this.i18n.t(`evidence:timeline.actions.${e.action as TimelineAction}`, { phase: e.kind ? this.i18n.t(`evidence:phases.${e.kind as PhaseName}`) : '' })}${e.outsideSchedule ? html` <span class="badge badge--warning">${this.i18n.t('evidence:timeline.outside')}</span>` : nothing}</li>`)}</ol>
      </section>

      ${isAdmin(this.session.user) ? html`<mesa-evidence-admin class="no-print" .slug=${this.slug} .meetings=${r.meetings.public} @mesa-evidence-changed=${() => this.load()}></mesa-evidence-admin>` : nothing}
      ${this.session.user ? html`<mesa-profile-form class="no-print"></mesa-profile-form>` : nothing}
    </article>`;
  }

  private renderStandard(s: Standard) {
    return html`<li class="checklist__item checklist__item--${s.status}" data-standard=${s.key}>
      <h3>${this.i18n.t(`evidence:standards.names.${s.key}`)}</h3>
      <p><span class="badge status status--${s.status}">${this.i18n.t(`evidence:standards.status.${s.status}`)}</span>
        ${this.i18n.t(`evidence:standards.reasons.${s.reason as Reason}`, s.params)}</p>
      <p class="checklist__evidence">${this.i18n.t('evidence:standards.evidence')}:
        ${s.evidence.map((u, i) => html`${i ? ', ' : ''}<a href=${u}>${u}</a>`)}</p>
    </li>`;
  }

  private renderMeetings(r: EvidenceReport) {
    const rows = [
      ...r.meetings.workshops.map((w) => ({ at: w.startsAt, title: html`<a href=${w.url}>${w.title}</a>`, kind: this.i18n.t('evidence:meetingKinds.workshop'), people: w.attendance, minutes: html`` })),
      ...r.meetings.public.map((m) => ({ at: m.heldOn, title: html`${m.title}`, kind: this.i18n.t(`evidence:meetingKinds.${m.kind}`), people: m.attendanceTotal,
        minutes: m.minutesUrl ? html`<a href=${m.minutesUrl}>${this.i18n.t('evidence:meetings.minutes')}</a>` : html`${this.i18n.t('evidence:meetings.noMinutes')}` })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    if (rows.length === 0) return nothing;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.i18n.t('evidence:meetings.heading')}><table class="table">
      <caption class="visually-hidden">${this.i18n.t('evidence:meetings.heading')}</caption>
      <thead><tr><th scope="col">${this.i18n.t('evidence:meetings.date')}</th><th scope="col">${this.i18n.t('evidence:meetings.title')}</th><th scope="col">${this.i18n.t('evidence:meetings.kind')}</th><th scope="col">${this.i18n.t('evidence:meetings.people')}</th><th scope="col">${this.i18n.t('evidence:meetings.minutes')}</th></tr></thead>
      <tbody>${rows.map((m) => html`<tr><td>${this.i18n.formatDate(m.at.length === 10 ? `${m.at}T12:00:00Z` : m.at, { dateStyle: 'medium' })}</td><td>${m.title}</td><td>${m.kind}</td><td>${m.people}</td><td>${m.minutes}</td></tr>`)}</tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-evidence-page': MesaEvidencePage }
  interface GlobalEventHandlersEventMap { 'mesa-evidence-changed': CustomEvent<Record<string, never>> }
}
