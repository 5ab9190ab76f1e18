import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LiveAnnouncer } from '../../controllers/live-announcer.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { commitmentsApi, editorPath, repliesPath, TEXT_FIELDS, type ConsultationComment, type PublicCommitment as Commitment, type Stance, type TextField } from './commitments-api.ts';
import { SECTION_GROUPS } from './sections.ts';
import './mesa-consultation-comment.ts';
import './mesa-consultation-report.ts';
import './mesa-section-comment-form.ts';
import './commitments.css';

/** Paragraphs of a plain-text field (blank lines separate them). */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/** The passage selected inside one section's text, or null. */
export function selectedPassage(selection: Selection | null): { field: string; quote: string } | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const holder = (n: Node | null) => (n instanceof Element ? n : n?.parentElement)?.closest<HTMLElement>('.c-section__text[data-field]') ?? null;
  const a = holder(selection.anchorNode);
  if (!a || a !== holder(selection.focusNode)) return null;
  const quote = selection.toString().replace(/\s+/g, ' ').trim();
  return quote ? { field: a.dataset.field!, quote: quote.slice(0, 500) } : null;
}

/**
 * The exact passage of the section's source text that a selection shows (the page renders
 * paragraphs, so line breaks and spaces may differ): words matched with any whitespace between.
 */
export function sourcePassage(text: string, selected: string): string | null {
  const words = selected.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const found = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')).exec(text);
  return found ? found[0].slice(0, 500) : null;
}

/**
 * A commitment as the public reads it (`/commitments/:id`): all sections on one clean,
 * printable page. During the consultation, signed-in readers comment on a section or on a
 * passage of it (select text, then "comment on this passage"); section comments sit in the
 * margin on wide screens and below each section on phones, with the drafting team's replies.
 */
@customElement('mesa-commitment-page')
export class MesaCommitmentPage extends LightElement {
  @property() commitmentId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private commitment: Commitment | null = null;
  @state() private comments: ConsultationComment[] = [];
  @state() private error: unknown = null;
  @state() private commentsError = '';
  @state() private stanceError = '';
  /** Bumped when comments, answers or stances change, so the report reloads. */
  @state() private reportStamp = 0;
  /** The section whose comment form is open, with the passage it starts from. */
  @state() private composing: { field: string; quote: string } | null = null;
  /** The last passage selected in a section's text. */
  @state() private selection: { field: string; quote: string } | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly announcer = new LiveAnnouncer(this, (count, latest) => this.i18n.t('comments:live.summary', { count, latest }));
  private readonly room = new RoomController(this, {
    room: () => (this.commitment ? `commitment:${this.commitment.id}` : null),
    onEvent: (event, data) => {
      if (event === 'commitment/stances-changed') {
        this.applyStances(data);
        this.reportStamp++;
      }
      else if (event === 'commitment/updated') void this.reloadCommitment();
      if (event.startsWith('comments/')) {
        const name = (data as { comment?: { authorName?: string } })?.comment?.authorName;
        if (event === 'comments/added' && name) this.announcer.say(this.i18n.t('comments:live.added', { name }), 'comment');
        this.reloadCommentsSoon();
      }
    },
    onResync: () => this.reloadCommentsSoon(),
  });

  private readonly onSelection = () => {
    const passage = selectedPassage(document.getSelection());
    const text = passage && this.commitment ? this.commitment.fields[passage.field as TextField] : undefined;
    const quote = passage && text !== undefined ? sourcePassage(text, passage.quote) : null;
    if (passage && quote) this.selection = { field: passage.field, quote };
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('selectionchange', this.onSelection);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('selectionchange', this.onSelection);
    clearTimeout(this.reloadTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('commitmentId')) void this.load();
  }

  protected override updated(): void {
    const c = this.commitment;
    if (c && !document.title.startsWith(c.title)) emit(this, 'mesa-title', { title: c.title });
  }

  private async load(): Promise<void> {
    const id = this.commitmentId;
    this.commitment = null;
    this.error = null;
    this.composing = null;
    try {
      const c = await commitmentsApi.get(this.api, id);
      if (id !== this.commitmentId) return;
      this.commitment = c;
      await this.loadComments();
    } catch (err) {
      this.error = err;
    }
  }

  private async loadComments(): Promise<void> {
    if (!this.commitment) return;
    try {
      this.comments = (await commitmentsApi.comments(this.api, this.commitment.id)).items;
      this.commentsError = '';
    } catch (err) {
      // Comments on a commitment still in drafting are not open: nothing to show.
      this.commentsError = err instanceof ApiError && err.status === 404 ? '' : problemMessage(this.i18n.t, err);
    }
  }

  private reloadCommentsSoon(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reportStamp++;
      void this.loadComments();
      void this.reloadCommitment();
    }, 300);
  }

  /** The commitment again (state, consultation summary), keeping the page in place. */
  private async reloadCommitment(): Promise<void> {
    try {
      const c = await commitmentsApi.get(this.api, this.commitmentId);
      if (c.id === this.commitment?.id) this.commitment = c;
    } catch {
      // the next event or a reload brings it
    }
  }

  private applyStances(data: unknown): void {
    const d = data as { field?: string; agree?: number; disagree?: number };
    const c = this.commitment;
    if (!c?.consultation || typeof d?.field !== 'string' || typeof d.agree !== 'number' || typeof d.disagree !== 'number') return;
    this.commitment = { ...c, consultation: { ...c.consultation, stances: { ...c.consultation.stances, [d.field]: { agree: d.agree, disagree: d.disagree } } } };
  }

  private get consultationOpen(): boolean {
    return this.commitment?.state === 'in-consultation' && !!this.commitment.consultation?.open;
  }

  private async setStance(field: string, stance: Stance): Promise<void> {
    const { t } = this.i18n;
    const c = this.commitment;
    if (!c?.consultation) return;
    const next = c.consultation.myStances[field] === stance ? null : stance;
    this.stanceError = '';
    try {
      const r = await commitmentsApi.stance(this.api, c.id, field, next);
      const my = { ...c.consultation.myStances };
      if (r.stance) my[field] = r.stance;
      else delete my[field];
      this.commitment = { ...c, consultation: { ...c.consultation, myStances: my, stances: { ...c.consultation.stances, [field]: { agree: r.agree, disagree: r.disagree } } } };
      emit(this, 'mesa-announce', { message: r.stance ? t(`commitments:stance.${r.stance}Done`, { section: this.label(field) }) : t('commitments:stance.withdrawn', { section: this.label(field) }) });
    } catch (err) {
      this.stanceError = `${this.label(field)}: ${problemMessage(t, err)}`;
    }
  }

  private async toggleFollow(): Promise<void> {
    const { t } = this.i18n;
    const c = this.commitment;
    if (!c?.consultation) return;
    try {
      const r = await commitmentsApi.follow(this.api, c.id, !c.consultation.following);
      this.commitment = { ...c, consultation: { ...c.consultation, ...r } };
      emit(this, 'mesa-announce', { message: r.following ? t('commitments:follow.on') : t('commitments:follow.off') });
    } catch (err) {
      this.stanceError = problemMessage(t, err);
    }
  }

  private renderStances(c: Commitment, f: TextField) {
    const { t } = this.i18n;
    const s = c.consultation;
    if (!s || c.state === 'drafting' || !c.fields[f].trim()) return nothing;
    const counts = s.stances[f] ?? { agree: 0, disagree: 0 };
    const mine = s.myStances[f];
    const active = this.consultationOpen && !!this.session.user;
    if (!active) return html`<p class="stances muted">${t('commitments:stance.summary', { agree: counts.agree, disagree: counts.disagree })}</p>`;
    return html`<div class="stances no-print" role="group" aria-label=${t('commitments:stance.group', { section: this.label(f) })}>
      <button type="button" class="stance stance--agree" aria-pressed=${mine === 'agree' ? 'true' : 'false'} @click=${() => this.setStance(f, 'agree')}>${t('commitments:stance.agree', { count: counts.agree })}</button>
      <button type="button" class="stance stance--disagree" aria-pressed=${mine === 'disagree' ? 'true' : 'false'} @click=${() => this.setStance(f, 'disagree')}>${t('commitments:stance.disagree', { count: counts.disagree })}</button>
    </div>`;
  }

  private async openForm(field: string, quote = ''): Promise<void> {
    this.composing = { field, quote };
    await this.updateComplete;
    const form = this.querySelector('mesa-section-comment-form');
    await form?.updateComplete;
    form?.focus();
  }

  private async onCommented(e: CustomEvent<{ comment: ConsultationComment }>): Promise<void> {
    const field = this.composing?.field;
    this.composing = null;
    this.selection = null;
    await this.loadComments();
    await this.updateComplete;
    const el = this.querySelector<HTMLElement>(`[data-comment="${e.detail.comment.id}"]`);
    if (el) {
      el.tabIndex = -1;
      el.focus();
    } else if (field) this.querySelector<HTMLElement>(`#comment-on-${field}`)?.focus();
  }

  private async cancelForm(): Promise<void> {
    const field = this.composing?.field;
    this.composing = null;
    await this.updateComplete;
    if (field) this.querySelector<HTMLElement>(`#comment-on-${field}`)?.focus();
  }

  private label(f: string): string {
    return this.i18n.t(`commitments:field.${f}` as 'commitments:field.problem');
  }

  private renderSection(c: Commitment, f: TextField) {
    const { t } = this.i18n;
    const text = c.fields[f];
    const mine = this.comments.filter((x) => x.anchor?.field === f && !x.parentId);
    const open = this.consultationOpen;
    const signedIn = !!this.session.user;
    const passage = this.selection?.field === f ? this.selection.quote : '';
    return html`<section class="c-section" id="field-${f}" aria-labelledby="field-${f}-heading">
      <div class="c-section__main">
        <h3 id="field-${f}-heading">${this.label(f)}</h3>
        <div class="c-section__text prose-text" data-field=${f}>
          ${text.trim() ? paragraphs(text).map((p) => html`<p>${p}</p>`) : html`<p class="muted">${t('commitments:page.empty')}</p>`}
        </div>
        ${this.renderStances(c, f)}
        ${open && text.trim()
          ? html`<p class="actions c-section__actions no-print">
              ${signedIn
                ? html`<button type="button" class="button button--secondary button--small" id="comment-on-${f}" aria-expanded=${this.composing?.field === f ? 'true' : 'false'}
                      @click=${() => this.openForm(f)}>${t('commitments:comments.onSection')}</button>
                    ${passage
                      ? html`<button type="button" class="button button--small passage-button" @mousedown=${(e: Event) => e.preventDefault()}
                          @click=${() => this.openForm(f, passage)}>${t('commitments:comments.onPassage')}<span class="visually-hidden">: ${passage}</span></button>`
                      : nothing}`
                : html`<a href="/signin?next=${encodeURIComponent(location.pathname + `#field-${f}`)}">${t('commitments:comments.signInToComment')}</a>`}
            </p>`
          : nothing}
        ${this.composing?.field === f
          ? html`<mesa-section-comment-form commitmentId=${c.id} field=${f} .sectionLabel=${this.label(f)} .quote=${this.composing.quote}
              @mesa-consultation-commented=${this.onCommented} @mesa-consultation-cancel=${this.cancelForm}></mesa-section-comment-form>`
          : nothing}
      </div>
      <aside class="c-section__margin" aria-label=${t('commitments:comments.onSectionHeading', { section: this.label(f), count: mine.length })}>
        ${mine.length
          ? html`<h4 class="c-section__count">${t('commitments:comments.count', { count: mine.length })}</h4>
              <ul class="c-comments">${mine.map((x) => html`<li><mesa-consultation-comment .comment=${x}></mesa-consultation-comment></li>`)}</ul>`
          : c.state !== 'drafting' ? html`<p class="muted c-section__count">${t('commitments:comments.none')}</p>` : nothing}
      </aside>
    </section>`;
  }

  private renderFacts(c: Commitment) {
    const { t, formatDate } = this.i18n;
    const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`, { dateStyle: 'long' }) : t('commitments:page.notSet'));
    const list = (xs: string[]) => (xs.length ? xs.join('; ') : t('commitments:page.notSet'));
    return html`<dl class="facts commitment-facts">
      <div><dt>${t('commitments:details.area')}</dt><dd>${t(`area.${c.area}`)}</dd></div>
      <div><dt>${t('commitments:details.leadInstitution')}</dt><dd>${c.leadInstitution || t('commitments:page.notSet')}</dd></div>
      <div><dt>${t('commitments:details.government')}</dt><dd>${list(c.supportingStakeholders.government)}</dd></div>
      <div><dt>${t('commitments:details.civilSociety')}</dt><dd>${list(c.supportingStakeholders.civilSociety)}</dd></div>
      <div><dt>${t('commitments:details.startsOn')}</dt><dd>${day(c.startsOn)}</dd></div>
      <div><dt>${t('commitments:details.endsOn')}</dt><dd>${day(c.endsOn)}</dd></div>
      <div><dt>${t('commitments:details.contact')}</dt><dd>${c.contact || t('commitments:page.notSet')}</dd></div>
    </dl>`;
  }

  private renderMilestones(c: Commitment) {
    const { t, formatDate } = this.i18n;
    const day = (d: string | null) => (d ? formatDate(`${d}T12:00:00Z`, { dateStyle: 'medium' }) : '—');
    return html`<section class="c-milestones" aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">${t('commitments:milestones.heading')}</h2>
      ${c.milestones.length
        ? html`<table class="data-table">
            <thead><tr><th scope="col">${t('commitments:milestones.title')}</th><th scope="col">${t('commitments:milestones.deliverable')}</th>
              <th scope="col">${t('commitments:milestones.startsOn')}</th><th scope="col">${t('commitments:milestones.endsOn')}</th><th scope="col">${t('commitments:milestones.responsible')}</th></tr></thead>
            <tbody>${c.milestones.map((m) => html`<tr><th scope="row">${m.title}</th><td>${m.deliverable}</td><td>${day(m.startsOn)}</td><td>${day(m.endsOn)}</td><td>${m.responsible}</td></tr>`)}</tbody>
          </table>`
        : html`<p class="muted">${t('commitments:milestones.none')}</p>`}
    </section>`;
  }

  private renderPage(c: Commitment) {
    const { t } = this.i18n;
    const general = this.comments.filter((x) => !x.parentId && (!x.anchor || !(TEXT_FIELDS as readonly string[]).includes(x.anchor.field)));
    const unanswered = c.consultation?.unanswered ?? this.comments.filter((x) => !x.parentId && !x.response && !x.hidden && !x.deleted).length;
    const closesAt = c.consultation?.closesAt;
    return html`
      <p class="breadcrumb no-print"><a href="/processes/${encodeURIComponent(c.processSlug)}">← ${t('commitments:editor.backToProcess')}</a></p>
      <header class="page-header commitment-head">
        <p class="proposal__meta"><span class="proposal-card__ref">${c.reference}</span>
          <span class="badge badge--${c.state === 'in-consultation' ? 'open' : 'closed'}">${t(`commitments:state.${c.state}`)}</span></p>
        <h1>${c.title}</h1>
        ${c.state === 'in-consultation'
          ? html`<p class="lead">${this.consultationOpen ? t('commitments:page.consultationOpen') : t('commitments:page.consultationClosed')}</p>
              ${closesAt ? html`<p><strong>${t(this.consultationOpen ? 'commitments:page.closesAt' : 'commitments:page.closedAt', { date: this.i18n.formatDate(closesAt, { dateStyle: 'long', timeStyle: 'short' }) })}</strong></p>` : nothing}`
          : nothing}
        ${c.state !== 'drafting' ? html`<p class="muted">${t('commitments:page.unanswered', { count: unanswered })}</p>` : nothing}
        <p class="actions no-print">
          <button type="button" class="button button--secondary" @click=${() => window.print()}>${t('commitments:page.print')}</button>
          ${this.session.user && c.consultation && c.state !== 'drafting'
            ? html`<button type="button" class="button button--secondary" aria-pressed=${c.consultation.following ? 'true' : 'false'} @click=${this.toggleFollow}>
                ${c.consultation.following ? t('commitments:follow.following') : t('commitments:follow.follow')}</button>`
            : nothing}
          ${c.canEdit ? html`<a class="button button--secondary" href=${editorPath(c.id)}>${t('commitments:page.toEditor')}</a>` : nothing}
          ${c.canEdit && c.state !== 'drafting' ? html`<a class="button button--secondary" href=${repliesPath(c.id)}>${t('commitments:page.toReplies')}</a>` : nothing}
        </p>
        ${this.consultationOpen ? html`<p class="hint no-print">${t('commitments:page.howToComment')}</p>` : nothing}
      </header>
      ${this.commentsError ? html`<p class="alert alert--error" role="alert">${this.commentsError}</p>` : nothing}
      ${this.stanceError ? html`<p class="alert alert--error" role="alert">${this.stanceError}</p>` : nothing}
      ${this.renderFacts(c)}
      ${SECTION_GROUPS.map((g) => html`<section class="c-group" aria-labelledby="group-${g.key}">
        <h2 id="group-${g.key}">${t(`commitments:group.${g.key}`)}</h2>
        ${g.fields.map((f) => this.renderSection(c, f))}
      </section>`)}
      ${this.renderMilestones(c)}
      ${c.state !== 'drafting' ? html`<mesa-consultation-report commitmentId=${c.id} .stamp=${this.reportStamp}></mesa-consultation-report>` : nothing}
      ${general.length
        ? html`<section class="c-general" aria-labelledby="general-heading"><h2 id="general-heading">${t('commitments:comments.general')}</h2>
            <ul class="c-comments">${general.map((x) => html`<li><mesa-consultation-comment .comment=${x}></mesa-consultation-comment></li>`)}</ul></section>`
        : nothing}
      ${this.announcer.render()}
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.error) {
      return this.error instanceof ApiError && this.error.status === 404
        ? html`<h1>${t('commitments:notFound')}</h1><p>${t('commitments:page.notFoundHint')}</p><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, this.error)}</p>`;
    }
    if (!this.commitment) return html`<p role="status">${t('loading')}</p>`;
    void this.room;
    return html`<article class="commitment-page">${this.renderPage(this.commitment)}</article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-commitment-page': MesaCommitmentPage;
  }
}
