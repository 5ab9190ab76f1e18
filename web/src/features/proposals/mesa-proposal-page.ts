import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { proposalsApi, type Proposal } from './proposals-api.ts';
import type { Process } from '@mesa/shared';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LiveAnnouncer } from '../../controllers/live-announcer.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import type { MesaReportDialog } from '../moderation/mesa-report-dialog.ts';
import '../moderation/mesa-report-dialog.ts';
import '../comments/mesa-comment-thread.ts';
import { countChanges, isRecord, processPath, proposalPath } from './proposal-model.ts';
import './mesa-live-status.ts';
import './mesa-proposal-admin.ts';
import './mesa-state-badge.ts';
import './mesa-support-button.ts';
import { processesApi } from '../processes/processes-api.ts';

interface Related {
  id: string;
  reference: string;
  title: string;
  lang: string;
}

/**
 * One proposal (`/proposals/:id`): its text (the server's sanitised HTML), state, supports, the
 * published answer, merge links, the author's and the admin's actions, and the comments, kept
 * live through the `proposal:<id>` room.
 */
@customElement('mesa-proposal-page')
export class MesaProposalPage extends LightElement {
  @property() proposalId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private proposal: Proposal | null = null;
  @state() private process: Process | null = null;
  @state() private mergedInto: Related | null = null;
  @state() private mergedFrom: Related[] = [];
  /** The commitments this proposal fed (drafts only for those who may read them). */
  @state() private fed: { id: string; reference: string; title: string }[] = [];
  @state() private error: unknown = null;
  @state() private confirmWithdraw = false;
  @state() private actionError = '';
  @state() private busy = false;
  private loadedUser: string | null | undefined;
  private request = 0;

  private readonly live = new LiveAnnouncer(this, (count, latest) => this.i18n.t('proposals:live.summary', { count, latest }));
  private readonly room = new RoomController(this, {
    room: () => (this.proposalId ? `proposal:${this.proposalId}` : null),
    onEvent: (event, data) => this.apply(event, data),
    onResync: () => void this.load(true),
  });
  private readonly processRoom = new RoomController(this, {
    room: () => (this.proposal ? `process:${this.proposal.processSlug}` : null),
    onEvent: (event, data) => this.apply(event, data),
    onResync: () => void this.load(true),
  });

  constructor() {
    super();
    this.addEventListener('mesa-report', (e) =>
      this.querySelector<MesaReportDialog>('mesa-report-dialog')?.open(e.detail.targetType, e.detail.targetId),
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const user = this.session.ready ? (this.session.user?.id ?? null) : undefined;
    if (changed.has('proposalId')) {
      this.loadedUser = user;
      void this.load(false);
      return;
    }
    if (user !== undefined && this.loadedUser !== undefined && user !== this.loadedUser) void this.load(true);
    if (user !== undefined) this.loadedUser = user;
  }

  protected override updated(): void {
    if (this.proposal && !document.title.startsWith(this.proposal.title)) emit(this, 'mesa-title', { title: this.proposal.title });
  }

  private async load(quiet: boolean): Promise<void> {
    const request = ++this.request;
    if (!quiet) {
      this.proposal = null;
      this.error = null;
      this.confirmWithdraw = false;
      this.actionError = '';
    }
    try {
      const proposal = await proposalsApi.get(this.api, this.proposalId);
      if (request !== this.request) return;
      this.proposal = proposal;
      const [process, into, from, fed] = await Promise.all([
        this.process?.slug === proposal.processSlug ? this.process : processesApi.get(this.api, proposal.processSlug).catch(() => null),
        proposal.mergedInto ? this.related(proposal.mergedInto) : null,
        Promise.all(proposal.mergedFrom.map((id) => this.related(id))),
        proposalsApi.commitments(this.api, proposal.id)
          .then((r) => r.items, () => []),
      ]);
      if (request !== this.request) return;
      this.process = process;
      this.mergedInto = into;
      this.mergedFrom = from.filter((r): r is Related => r !== null);
      this.fed = fed;
    } catch (err) {
      if (request === this.request && !quiet) this.error = err;
    }
  }

  private async related(id: string): Promise<Related | null> {
    try {
      const p = await proposalsApi.get(this.api, id);
      return { id: p.id, reference: p.reference, title: p.title, lang: p.lang };
    } catch {
      return { id, reference: '', title: '', lang: '' };
    }
  }

  /**
   * A room event about the proposal itself (comments are the thread's). Counts and state changes
   * go to the process room (`process:<slug>`), so the page listens there too.
   */
  private apply(event: string, data: unknown): void {
    const p = this.proposal;
    if (!p || !isRecord(data)) return;
    const { t } = this.i18n;
    if (event === 'proposals/supports-changed') {
      const change = countChanges(data).find((c) => c.proposalId === p.id);
      if (!change) return;
      const supports = change.supports ?? p.supports;
      const commentsCount = change.commentsCount ?? p.commentsCount;
      if (supports !== p.supports) this.live.say(t('proposals:live.supportsHere', { count: supports }), 'supports');
      // Someone supported or commented: the author can no longer edit.
      const editableByMe = p.editableByMe && supports === 0 && commentsCount === 0;
      this.proposal = { ...p, supports, commentsCount, editableByMe };
    } else if (event === 'proposals/state-changed' && data.proposalId === p.id) {
      if (typeof data.state === 'string' && data.state !== p.state) {
        this.live.say(t('proposals:live.stateHere', { state: t(`proposals:state.${data.state as Proposal['state']}`) }), 'state');
      }
      // The answer, merge links or visibility may have changed too: fetch the whole proposal again.
      void this.load(true);
    } else if (event === 'proposals/updated' && isRecord(data.proposal) && data.proposal.id === p.id) {
      void this.load(true);
    }
  }

  private onSupportChanged(e: CustomEvent<{ supports: number; supportedByMe: boolean }>): void {
    if (!this.proposal) return;
    const { supports, supportedByMe } = e.detail;
    this.proposal = { ...this.proposal, supports, supportedByMe, editableByMe: this.proposal.editableByMe && supports === 0 };
  }

  private async withdraw(): Promise<void> {
    const { t } = this.i18n;
    this.busy = true;
    this.actionError = '';
    try {
      this.proposal = await proposalsApi.withdraw(this.api, this.proposalId);
      this.confirmWithdraw = false;
      emit(this, 'mesa-announce', { message: t('proposals:page.withdrawn') });
    } catch (err) {
      this.actionError = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private report(): void {
    this.querySelector<MesaReportDialog>('mesa-report-dialog')?.open('proposals', this.proposalId);
  }

  private relatedLink(r: Related) {
    return html`<a href=${proposalPath(r.id)}>${r.reference || this.i18n.t('proposals:page.aProposal')}</a>${r.title
      ? html` <span lang=${r.lang}>${r.title}</span>`
      : nothing}`;
  }

  private renderAuthorActions(p: Proposal) {
    const { t } = this.i18n;
    // The API has no "mine" flag on proposals: the edit right (author, nobody engaged yet) says so
    // early on; later the author's name is the best sign we have (the server checks who withdraws).
    const user = this.session.user;
    const mine =
      p.editableByMe || (p as Proposal & { mine?: boolean }).mine === true || (!!user && !!p.authorName && p.authorName === user.displayName);
    if (!mine || p.state === 'withdrawn' || p.state === 'merged') return nothing;
    return html`
      <div class="author-actions">
        ${p.editableByMe ? html`<a class="button button--secondary" href="${proposalPath(p.id)}/edit">${t('proposals:page.edit')}</a>` : nothing}
        ${this.confirmWithdraw
          ? html`<div class="confirm" role="group" aria-labelledby="withdraw-question">
              <p id="withdraw-question">${t('proposals:page.withdrawConfirm')}</p>
              <div class="actions">
                <button type="button" class="button button--danger" ?disabled=${this.busy} @click=${this.withdraw}>${t('proposals:page.withdrawYes')}</button>
                <button type="button" class="button button--secondary" @click=${() => (this.confirmWithdraw = false)}>${t('proposals:page.withdrawNo')}</button>
              </div>
            </div>`
          : html`<button type="button" class="button button--secondary" @click=${async () => {
              this.confirmWithdraw = true;
              await this.updateComplete;
              this.querySelector<HTMLButtonElement>('.confirm .button--danger')?.focus();
            }}>${t('proposals:page.withdraw')}</button>`}
      </div>
    `;
  }

  private renderAnswer(p: Proposal) {
    const { t, formatDate } = this.i18n;
    const a = p.answer;
    if (!a || !a.publishedAt) return nothing;
    return html`
      <section class="answer answer--${a.state}" aria-labelledby="answer-heading">
        <h2 id="answer-heading">${t('proposals:answer.heading')}</h2>
        <p><mesa-state-badge .state=${a.state}></mesa-state-badge>
          <span class="muted">${t('proposals:answer.publishedOn', { date: formatDate(a.publishedAt) })}</span></p>
        <p class="prose-text">${a.text}</p>
      </section>
    `;
  }

  private renderProposal(p: Proposal) {
    const { t, formatDate } = this.i18n;
    const process = this.process;
    const user = this.session.user;
    const canSupport = process?.activePhase === 'open-call' && !!user && p.state !== 'withdrawn' && p.state !== 'merged';
    const admin = isAdmin(user);
    return html`
      <p class="breadcrumb">
        <a href=${processPath(p.processSlug)} lang=${process?.language ?? nothing}>← ${process?.title ?? t('proposals:page.backToProcess')}</a>
      </p>
      <article class="proposal" aria-labelledby="proposal-title">
        <header class="page-header">
          <p class="proposal__meta">
            <span class="proposal-card__ref">${p.reference}</span>
            <mesa-state-badge .state=${p.state}></mesa-state-badge>
            ${p.hidden ? html`<span class="badge badge--warning">${t('moderation:hiddenBadge')}</span>` : nothing}
          </p>
          <h1 id="proposal-title" lang=${p.lang}>${p.title}</h1>
          <dl class="facts">
            <div><dt>${t('proposals:page.area')}</dt><dd>${t(`area.${p.area}`)}</dd></div>
            <div><dt>${t('proposals:page.sector')}</dt><dd>${t(`sector.${p.sector}`)}</dd></div>
            ${p.organisation ? html`<div><dt>${t('proposals:page.organisation')}</dt><dd lang=${p.lang}>${p.organisation}</dd></div>` : nothing}
            ${p.authorName ? html`<div><dt>${t('proposals:page.author')}</dt><dd>${p.authorName}</dd></div>` : nothing}
            <div><dt>${t('proposals:page.submitted')}</dt><dd><time datetime=${p.createdAt}>${formatDate(p.createdAt)}</time></dd></div>
            ${p.externalRef ? html`<div><dt>${t('proposals:page.externalRef')}</dt><dd>${p.externalRef}</dd></div>` : nothing}
          </dl>
        </header>
        ${this.mergedInto
          ? html`<p class="alert alert--info">${t('proposals:page.mergedInto')} ${this.relatedLink(this.mergedInto)}</p>`
          : nothing}
        <div class="prose proposal__body" lang=${p.lang}>${unsafeHTML(p.bodyHtml)}</div>
        ${this.mergedFrom.length
          ? html`<section class="merged-from" aria-labelledby="merged-from-heading">
              <h2 id="merged-from-heading">${t('proposals:page.mergedFrom')}</h2>
              <ul class="plain-list">${this.mergedFrom.map((r) => html`<li>${this.relatedLink(r)}</li>`)}</ul>
            </section>`
          : nothing}
        ${this.fed.length
          ? html`<section class="fed-commitments" aria-labelledby="fed-heading">
              <h2 id="fed-heading">${t('proposals:page.fedCommitments')}</h2>
              <ul class="plain-list">${this.fed.map((c) => html`<li><a href=${`/commitments/${c.id}`}><span class="proposal-card__ref">${c.reference}</span> ${c.title}</a></li>`)}</ul>
            </section>`
          : nothing}
        <div class="proposal__actions" @mesa-support-changed=${this.onSupportChanged}>
          <mesa-support-button .proposalId=${p.id} .proposalTitle=${p.title} .supports=${p.supports}
            .supported=${p.supportedByMe} .canSupport=${canSupport}></mesa-support-button>
          <a href="#comments">${t('proposals:card.comments', { count: p.commentsCount })}</a>
          ${user ? html`<button type="button" class="link-button" @click=${this.report}>${t('moderation:report.proposal')}</button>` : nothing}
        </div>
        ${process?.activePhase === 'open-call' && this.session.ready && !user
          ? html`<p class="hint"><a href="/signin?next=${encodeURIComponent(location.pathname)}">${t('nav.signIn')}</a> ${t('proposals:list.signInToSupport')}</p>`
          : nothing}
        ${this.renderAuthorActions(p)}
        ${this.actionError ? html`<p class="alert alert--error" role="alert">${this.actionError}</p>` : nothing}
        ${this.renderAnswer(p)}
      </article>
      ${admin
        ? html`<mesa-proposal-admin .proposal=${p}
            @mesa-proposal-saved=${(e: CustomEvent<{ proposal: Proposal }>) => (this.proposal = e.detail.proposal)}></mesa-proposal-admin>`
        : nothing}
      <mesa-live-status .status=${this.room.status} .joined=${this.room.joined && this.processRoom.joined}></mesa-live-status>
      <mesa-comment-thread .proposalId=${p.id} .canComment=${!!user && (process?.activePhase === 'open-call' || process?.activePhase === 'prioritisation')}
        .admin=${admin}></mesa-comment-thread>
      ${user ? html`<mesa-report-dialog></mesa-report-dialog>` : nothing}
      ${this.live.render()}
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.error) {
      return this.error instanceof ApiError && this.error.status === 404
        ? html`<h1>${t('proposals:page.notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, this.error)}</p>`;
    }
    if (!this.proposal) return html`<p role="status">${t('loading')}</p>`;
    return this.renderProposal(this.proposal);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-page': MesaProposalPage;
  }
}
