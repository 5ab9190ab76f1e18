import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, type Http } from '../../api/http.ts';
import type { Process } from '@mesa/shared';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import './mesa-phase-timeline.ts';
import './mesa-timeline-log.ts';
import '../admin/mesa-phase-opener.ts';
import '../proposals/mesa-open-call-admin.ts';
import '../proposals/mesa-proposal-list.ts';
import '../rounds/mesa-rounds-section.ts';
import '../workshops/mesa-workshops-section.ts';
import '../commitments/mesa-commitments-section.ts';
import { processesApi } from './processes-api.ts';

/** The public page of one process: what is open now, its phases and the log of changes. */
@customElement('mesa-process-page')
export class MesaProcessPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  /** The process as changed by an admin action on this page, newer than the loaded one. */
  @state() private changed: Process | undefined;

  private readonly task = new Task(this, {
    task: ([slug]) => processesApi.get(this.api, slug),
    args: () => [this.slug] as const,
  });

  constructor() {
    super();
    this.addEventListener('mesa-process-changed', (e) => (this.changed = e.detail.process));
    // Something about the process changed elsewhere (a phase opened): fetch it again, in the
    // background, so that the page (and any message on it) stays in place.
    this.addEventListener('mesa-process-stale', () => {
      const slug = this.slug;
      processesApi.get(this.api, slug).then(
        (process) => {
          if (slug === this.slug) this.changed = process;
        },
        () => undefined,
      );
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('slug')) this.changed = undefined;
  }

  protected override updated(): void {
    const process = this.changed ?? this.task.value;
    if (process && document.title.indexOf(process.title) !== 0) emit(this, 'mesa-title', { title: process.title });
  }

  private renderProcess(process: Process) {
    const { t } = this.i18n;
    const active = process.activePhase;
    return html`
      <p class="breadcrumb"><a href="/">← ${t('processes:page.back')}</a></p>
      <header class="page-header">
        <h1 lang=${process.language}>${process.title}</h1>
        <p class="lead prose-text" lang=${process.language}>${process.description}</p>
      </header>
      <section class="callout" aria-labelledby="now-heading">
        <h2 id="now-heading">${t('processes:page.nowHeading')}</h2>
        ${active
          ? html`<p><strong>${t('processes:page.openPhase', { phase: t(`phase.${active}`) })}</strong></p>
              <p>${t(`processes:now.${active}`)}</p>`
          : html`<p>${t('processes:page.nothingOpen')}</p>`}
      </section>
      ${isAdmin(this.session.user)
        ? html`<mesa-phase-opener .process=${process}></mesa-phase-opener>
            <mesa-open-call-admin .process=${process}></mesa-open-call-admin>`
        : nothing}
      <section class="section" aria-labelledby="proposals-heading">
        <h2 id="proposals-heading">${t('proposals:list.heading')}</h2>
        <mesa-proposal-list .process=${process}></mesa-proposal-list>
      </section>
      <mesa-rounds-section .process=${process}></mesa-rounds-section>
      <mesa-workshops-section .process=${process}></mesa-workshops-section>
      <mesa-commitments-section .process=${process}></mesa-commitments-section>
      <nav class="section" aria-labelledby="more-heading">
        <h2 id="more-heading">${t('processes:page.moreHeading')}</h2>
        <ul>
          <li><a href=${`/processes/${process.slug}/plan`}>${t('processes:page.planLink')}</a></li>
          <li><a href=${`/processes/${process.slug}/evidence`}>${t('processes:page.evidenceLink')}</a></li>
          <li><a href=${`/processes/${process.slug}/tracking`}>${t('processes:page.trackingLink')}</a></li>
          ${isAdmin(this.session.user) ? html`<li><a href=${`/processes/${process.slug}/plan/admin`}>${t('processes:page.planAdminLink')}</a></li>` : nothing}
        </ul>
      </nav>
      <mesa-phase-timeline .process=${process}></mesa-phase-timeline>
      <mesa-timeline-log .entries=${process.timeline ?? []}></mesa-timeline-log>
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.changed) return this.renderProcess(this.changed);
    return this.task.render({
      pending: () => html`<p role="status">${t('loading')}</p>`,
      error: (err) =>
        err instanceof ApiError && err.status === 404
          ? html`<h1>${t('processes:page.notFound')}</h1>
              <p><a href="/">${t('processes:page.back')}</a></p>`
          : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`,
      complete: (process) => this.renderProcess(process),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-process-page': MesaProcessPage;
  }
}
