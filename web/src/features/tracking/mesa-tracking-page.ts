import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-bar-chart.ts';
import { trackingApi, type MilestoneUpdate, type TrackedCommitment } from './tracking-api.ts';
import './mesa-milestone-update-form.ts';
import './mesa-progress-import.ts';
import './mesa-monitor-note.ts';
import './tracking.css';

/**
 * The public tracking dashboard of a plan (`/processes/:slug/tracking`): progress per commitment,
 * milestones due and late, the latest updates with the monitor's notes, the Atom feed; leads and
 * admins post updates here, admins import them.
 */
@customElement('mesa-tracking-page')
export class MesaTrackingPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  // Loads once the session is known (admins and leads see more) and again when the reader changes.
  private readonly task = new Task(this, {
    task: ([slug, ready]) => (ready ? trackingApi.dashboard(this.api, slug) : initialState),
    args: () => [this.slug, this.session.ready, this.session.user?.id] as const,
  });
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  // Updates posted elsewhere (another lead, an import, the monitor) appear without reloading.
  private readonly room = new RoomController(this, {
    room: () => (this.slug ? `process:${this.slug}` : null),
    onEvent: (event) => {
      if (event.startsWith('tracking/')) this.reloadSoon();
    },
    onResync: () => this.reloadSoon(),
  });

  private reloadSoon(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.load(), 300);
  }

  override disconnectedCallback(): void {
    clearTimeout(this.reloadTimer);
    super.disconnectedCallback();
  }

  protected override updated(): void {
    const title = this.task.value ? `${this.i18n.t('tracking:title')} — ${this.task.value.process.title}` : '';
    if (title && document.title.indexOf(title) !== 0) emit(this, 'mesa-title', { title });
  }

  private load(): void {
    void this.task.run();
  }

  private pct(x: number | null): string {
    return x === null ? this.i18n.t('tracking:notMeasured') : new Intl.NumberFormat(this.i18n.lng, { style: 'percent', maximumFractionDigits: 1 }).format(x / 100);
  }

  private day(d: string | null): string {
    return d ? this.i18n.formatDate(`${d}T12:00:00Z`, { dateStyle: 'medium' }) : '—';
  }

  override render() {
    if (this.task.status === TaskStatus.ERROR) return html`<p class="notice notice--error" role="alert">${this.i18n.t('tracking:loadFailed')} ${problemMessage(this.i18n.t, this.task.error)}</p>`;
    const d = this.task.value;
    if (!d) return html`<p role="status">${this.i18n.t('tracking:loading')}</p>`;
    const enc = encodeURIComponent(this.slug);
    const updatable = d.commitments.filter((c) => c.canUpdate);
    return html`<article class="tracking">
      <p class="muted"><a href=${`/processes/${enc}`}>${d.process.title}</a></p>
      <h1>${this.i18n.t('tracking:title')}</h1>
      <p class="lead">${this.i18n.t('tracking:intro')}</p>
      <p class="tracking__actions no-print">
        <button type="button" class="button button--secondary" @click=${() => window.print()}>${this.i18n.t('tracking:print')}</button>
        <a href=${d.feedUrl} type="application/atom+xml">${this.i18n.t('tracking:updates.feed')}</a>
        <a href=${`/processes/${enc}/evidence`}>${this.i18n.t('tracking:evidenceLink')}</a>
      </p>
      <p class="tracking__overall" data-testid="overall">${this.i18n.t('tracking:overall', { percent: this.pct(d.progress) })}</p>

      ${d.commitments.length === 0 ? html`<p>${this.i18n.t('tracking:noCommitments')}</p>` : html`
        <section aria-labelledby="tr-chart">
          <h2 id="tr-chart">${this.i18n.t('tracking:chart.caption')}</h2>
          <mesa-bar-chart .name=${this.i18n.t('tracking:chart.caption')} .bars=${d.commitments.map((c) => ({ id: c.id, label: `${c.reference} · ${c.title}`, value: c.progress ?? 0, valueText: this.pct(c.progress) }))}></mesa-bar-chart>
        </section>
        ${d.commitments.map((c) => this.renderCommitment(c))}`}

      <div class="tracking__lists">
        <section aria-labelledby="tr-late"><h2 id="tr-late">${this.i18n.t('tracking:late.heading')}</h2>
          ${d.late.length === 0 ? html`<p>${this.i18n.t('tracking:late.none')}</p>` : html`<ul>${d.late.map((m) => html`<li><strong>${m.commitmentReference}</strong> — ${m.title}: ${this.i18n.t('tracking:late.daysLate', { count: m.daysLate })} (${this.i18n.t(`tracking:status.${m.status}`)}, ${m.progress} %)</li>`)}</ul>`}
        </section>
        <section aria-labelledby="tr-due"><h2 id="tr-due">${this.i18n.t('tracking:due.heading')}</h2>
          ${d.due.length === 0 ? html`<p>${this.i18n.t('tracking:due.none')}</p>` : html`<ul>${d.due.map((m) => html`<li><strong>${m.commitmentReference}</strong> — ${m.title}: ${this.i18n.t('tracking:due.endsOn', { date: this.day(m.endsOn) })} (${this.i18n.t(`tracking:status.${m.status}`)}, ${m.progress} %)</li>`)}</ul>`}
        </section>
      </div>

      <section aria-labelledby="tr-updates" class="tracking__updates">
        <h2 id="tr-updates">${this.i18n.t('tracking:updates.heading')}</h2>
        ${d.updates.length === 0 ? html`<p>${this.i18n.t('tracking:updates.none')}</p>` : html`<ol class="update-list">${d.updates.map((u) => this.renderUpdate(u, d.canMonitor))}</ol>`}
      </section>

      ${updatable.length ? html`<mesa-milestone-update-form class="no-print" .commitments=${updatable} @mesa-tracking-changed=${() => this.load()}></mesa-milestone-update-form>` : nothing}
      ${isAdmin(this.session.user) && d.process.activePhase === 'adopted' ? html`<mesa-progress-import class="no-print" .slug=${this.slug} @mesa-tracking-changed=${() => this.load()}></mesa-progress-import>` : nothing}
    </article>`;
  }

  private renderCommitment(c: TrackedCommitment) {
    const hid = `tr-c-${c.id}`;
    return html`<section class="tracking__commitment card" aria-labelledby=${hid} data-reference=${c.reference}>
      <h2 id=${hid}>${c.reference} · ${c.title}</h2>
      ${c.leadInstitution ? html`<p class="muted">${c.leadInstitution}</p>` : nothing}
      <p class="tracking__progress">
        <label for=${`${hid}-p`}>${this.i18n.t('tracking:commitmentProgress', { reference: c.reference })}</label>
        <progress id=${`${hid}-p`} max="100" .value=${c.progress ?? 0}>${this.pct(c.progress)}</progress>
        <span data-testid="commitment-progress">${this.i18n.t('tracking:percentComplete', { percent: this.pct(c.progress) })}</span>
      </p>
      ${c.milestones.length === 0 ? html`<p>${this.i18n.t('tracking:noMilestones')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.i18n.t('tracking:milestones.heading', { reference: c.reference })}><table class="table">
        <caption>${this.i18n.t('tracking:milestones.heading', { reference: c.reference })}</caption>
        <thead><tr><th scope="col">${this.i18n.t('tracking:milestones.milestone')}</th><th scope="col">${this.i18n.t('tracking:milestones.dates')}</th><th scope="col">${this.i18n.t('tracking:milestones.responsible')}</th>
          <th scope="col">${this.i18n.t('tracking:milestones.status')}</th><th scope="col">${this.i18n.t('tracking:milestones.progress')}</th><th scope="col">${this.i18n.t('tracking:milestones.lastUpdate')}</th></tr></thead>
        <tbody>${c.milestones.map((m) => html`<tr>
          <th scope="row">${m.title}${m.late ? html` <span class="badge status--not-met">${this.i18n.t('tracking:milestones.late')}</span>` : m.dueSoon ? html` <span class="badge status--not-yet">${this.i18n.t('tracking:milestones.dueSoon')}</span>` : nothing}</th>
          <td>${this.day(m.startsOn)} – ${this.day(m.endsOn)}</td><td>${m.responsible}</td><td>${this.i18n.t(`tracking:status.${m.status}`)}</td><td>${m.progress} %</td>
          <td>${m.lastUpdateAt ? this.i18n.formatDate(m.lastUpdateAt, { dateStyle: 'medium' }) : this.i18n.t('tracking:milestones.never')}</td></tr>`)}</tbody>
      </table></div>`}
    </section>`;
  }

  private renderUpdate(u: MilestoneUpdate, canMonitor: boolean) {
    return html`<li class="update card" id=${`update-${u.id}`}>
      <p><strong>${u.commitmentReference}</strong> — ${u.milestoneTitle}: ${this.i18n.t(`tracking:status.${u.status}`)}, ${u.progress} %</p>
      <p class="muted"><time datetime=${u.createdAt}>${this.i18n.formatDate(u.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</time>
        ${u.authorName ? this.i18n.t('tracking:updates.by', { name: u.authorName }) : nothing}${u.source === 'import' ? html` · ${this.i18n.t('tracking:updates.imported')}` : nothing}</p>
      ${u.note ? html`<p class="prose-text">${u.note}</p>` : nothing}
      ${u.evidenceUrl ? html`<p>${this.i18n.t('tracking:updates.evidence')}: <a href=${u.evidenceUrl} rel="noopener">${u.evidenceUrl}</a></p>` : nothing}
      ${u.monitorNotes.length ? html`<div class="update__notes"><h3>${this.i18n.t('tracking:monitor.heading')}</h3>
        ${u.monitorNotes.map((n) => html`<blockquote><p class="prose-text">${n.body}</p><footer class="muted">${n.authorName ?? ''} · ${this.i18n.formatDate(n.createdAt, { dateStyle: 'medium' })}</footer></blockquote>`)}</div>` : nothing}
      ${canMonitor ? html`<mesa-monitor-note class="no-print" .updateId=${u.id} @mesa-tracking-changed=${() => this.load()}></mesa-monitor-note>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-tracking-page': MesaTrackingPage }
  interface GlobalEventHandlersEventMap { 'mesa-tracking-changed': CustomEvent<Record<string, never>> }
}
