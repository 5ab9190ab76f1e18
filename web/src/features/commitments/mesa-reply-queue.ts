import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { commitmentPath, commitmentsApi, OUTCOMES, type Commitment, type ConsultationComment, type Outcome } from './commitments-api.ts';
import './mesa-consultation-comment.ts';
import './commitments.css';
import { processesApi } from '../processes/processes-api.ts';

const REPLY_MAX = 5000;

/** Unanswered comments first (oldest first), then the answered ones (most recently written first). */
export function queueOrder(comments: ConsultationComment[]): ConsultationComment[] {
  const open = comments.filter((c) => !c.parentId && !c.hidden && !c.deleted);
  const waiting = open.filter((c) => !c.response).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const answered = open.filter((c) => c.response).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return [...waiting, ...answered];
}

/**
 * The drafting team's reply queue for one commitment (`/commitments/:id/replies`): consultation
 * comments still waiting for an answer first; each is answered with an outcome (accepted,
 * partially, not accepted) and a reasoned text, which the public then sees under the comment.
 */
@customElement('mesa-reply-queue')
export class MesaReplyQueue extends LightElement {
  /** One commitment's queue (`/commitments/:id/replies`) ... */
  @property() commitmentId = '';
  /** ... or the whole process's (`/processes/:slug/replies`): every commitment one drafts. */
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private commitment: Commitment | null = null;
  @state() private comments: ConsultationComment[] = [];
  /** The commitment of each comment (process mode), by comment id. */
  @state() private sources = new Map<string, { commitmentId: string; reference: string; title: string }>();
  @state() private processTitle = '';
  @state() private error: unknown = null;
  @state() private notDrafter = false;
  /** Per comment: the form's message, keyed by comment id. */
  @state() private formErrors: Record<string, { outcome?: string; text?: string; form?: string }> = {};
  @state() private busy = '';
  /** Comments whose answer is being rewritten. */
  @state() private editing = new Set<string>();

  private readonly room = new RoomController(this, {
    room: () => (this.commitment ? `commitment:${this.commitment.id}` : null),
    onEvent: (event) => {
      if (event.startsWith('comments/')) void this.loadComments();
    },
    onResync: () => void this.loadComments(),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('commitmentId') || changed.has('slug')) void this.load();
  }

  private async load(): Promise<void> {
    this.error = null;
    try {
      if (this.commitmentId) {
        this.commitment = await commitmentsApi.get(this.api, this.commitmentId);
        emit(this, 'mesa-title', { title: `${this.commitment.title} — ${this.i18n.t('commitments:replies.title')}` });
      } else if (this.slug) {
        this.processTitle = (await processesApi.get(this.api, this.slug)).title;
        emit(this, 'mesa-title', { title: `${this.processTitle} — ${this.i18n.t('commitments:replies.title')}` });
      }
      await this.loadComments();
    } catch (err) {
      this.error = err;
    }
  }

  /** The process's reply queue for this commitment (drafters of it and admins only). */
  private async loadComments(): Promise<void> {
    const c = this.commitment;
    const slug = c?.processSlug ?? this.slug;
    if (!slug) return;
    try {
      const items = (await commitmentsApi.replyQueue(this.api, slug, c?.id)).items;
      this.sources = new Map(items.map((i) => [i.comment.id, { commitmentId: i.commitmentId, reference: i.reference, title: i.title }]));
      this.comments = items.map((i) => i.comment);
      this.notDrafter = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) this.notDrafter = true;
      else this.error = err;
    }
  }

  private async answer(e: SubmitEvent, c: ConsultationComment): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const outcome = String(data.get('outcome') ?? '') as Outcome;
    const text = String(data.get('text') ?? '').trim();
    const errors: { outcome?: string; text?: string } = {};
    if (!(OUTCOMES as readonly string[]).includes(outcome)) errors.outcome = t('commitments:replies.outcomeNeeded');
    if (!text) errors.text = t('commitments:replies.textNeeded');
    else if (text.length > REPLY_MAX) errors.text = t('comments:errors.long', { max: REPLY_MAX });
    this.formErrors = { ...this.formErrors, [c.id]: errors };
    if (errors.outcome || errors.text) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(errors.outcome ? `#reply-${c.id}-outcome-accepted` : `#reply-${c.id}-text`)?.focus();
      return;
    }
    this.busy = c.id;
    try {
      await commitmentsApi.respond(this.api, c.id, { outcome, text });
      this.editing.delete(c.id);
      this.editing = new Set(this.editing);
      await this.loadComments();
      emit(this, 'mesa-announce', { message: t('commitments:replies.sent', { outcome: t(`commitments:outcome.${outcome}`) }) });
      await this.updateComplete;
      // Focus the next comment still waiting, else the heading.
      const next = this.querySelector<HTMLElement>('.reply-item--waiting textarea');
      (next ?? this.querySelector<HTMLElement>('h1'))?.focus();
    } catch (err) {
      const fieldErr = err instanceof ApiError ? err.errors.find((x) => x.path === 'text' || x.path === 'outcome') : undefined;
      this.formErrors = { ...this.formErrors, [c.id]: fieldErr ? { [fieldErr.path]: fieldErr.message } : { form: problemMessage(t, err) } };
    } finally {
      this.busy = '';
    }
  }

  private renderForm(c: ConsultationComment) {
    const { t } = this.i18n;
    const e = this.formErrors[c.id] ?? {};
    const id = `reply-${c.id}`;
    const current = c.response;
    return html`<form class="reply-form" novalidate @submit=${(ev: SubmitEvent) => this.answer(ev, c)} aria-label=${t('commitments:replies.formLabel', { name: c.authorName ?? t('commitments:comments.someone') })}>
      ${e.form ? html`<p class="alert alert--error" role="alert">${e.form}</p>` : nothing}
      <fieldset class="choice-row ${e.outcome ? 'field--error' : ''}" aria-describedby=${e.outcome ? `${id}-outcome-error` : nothing}>
        <legend>${t('commitments:replies.outcome')}</legend>
        ${e.outcome ? html`<p class="field__error" id="${id}-outcome-error">${e.outcome}</p>` : nothing}
        ${OUTCOMES.map((o) => html`<label class="check"><input type="radio" name="outcome" value=${o} id="${id}-outcome-${o}" ?checked=${current?.outcome === o} /> ${t(`commitments:outcome.${o}`)}</label>`)}
      </fieldset>
      <div class="field ${e.text ? 'field--error' : ''}">
        <label for="${id}-text">${t('commitments:replies.text')}</label>
        <p class="hint" id="${id}-text-hint">${t('commitments:replies.textHint')}</p>
        ${e.text ? html`<p class="field__error" id="${id}-text-error">${e.text}</p>` : nothing}
        <textarea id="${id}-text" name="text" rows="4" .value=${current?.text ?? ''} aria-describedby="${id}-text-hint${e.text ? ` ${id}-text-error` : ''}" aria-invalid=${e.text ? 'true' : nothing}></textarea>
      </div>
      <button class="button" type="submit" ?disabled=${this.busy === c.id}>${t('commitments:replies.send')}</button>
    </form>`;
  }

  private renderItem(c: ConsultationComment, canAnswer: boolean) {
    const { t } = this.i18n;
    const section = c.anchor?.field ? t(`commitments:field.${c.anchor.field}` as 'commitments:field.problem') : t('commitments:comments.general');
    const waiting = !c.response;
    const source = this.commitment ? null : this.sources.get(c.id);
    return html`<li class="reply-item ${waiting ? 'reply-item--waiting' : ''}">
      ${source ? html`<p class="proposal-card__meta"><span class="proposal-card__ref">${source.reference}</span> <a href=${commitmentPath(source.commitmentId)}>${source.title}</a></p>` : nothing}
      <mesa-consultation-comment .comment=${c} .sectionLabel=${section}></mesa-consultation-comment>
      ${canAnswer && (waiting || this.editing.has(c.id))
        ? this.renderForm(c)
        : canAnswer
          ? html`<button type="button" class="button button--secondary button--small" @click=${() => (this.editing = new Set([...this.editing, c.id]))}>${t('commitments:replies.change')}</button>`
          : nothing}
    </li>`;
  }

  override render() {
    const { t } = this.i18n;
    if (this.error) {
      return this.error instanceof ApiError && this.error.status === 404
        ? html`<h1>${t('commitments:notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, this.error)}</p>`;
    }
    const c = this.commitment;
    if (!c && !this.processTitle) return html`<p role="status">${t('loading')}</p>`;
    void this.room;
    const items = queueOrder(this.comments);
    const waiting = items.filter((x) => !x.response).length;
    return html`${c
        ? html`<p class="breadcrumb"><a href=${commitmentPath(c.id)}>← ${t('commitments:replies.back')}</a></p>`
        : html`<p class="breadcrumb"><a href="/processes/${encodeURIComponent(this.slug)}">← ${t('commitments:editor.backToProcess')}</a></p>`}
      <header class="page-header">
        ${c ? html`<p class="proposal__meta"><span class="proposal-card__ref">${c.reference}</span></p>` : nothing}
        <h1 tabindex="-1">${t('commitments:replies.heading', { title: c?.title ?? this.processTitle })}</h1>
        ${this.notDrafter ? nothing : html`<p class="lead" role="status">${t('commitments:replies.waiting', { count: waiting })}</p>`}
      </header>
      ${this.notDrafter ? html`<p class="alert alert--info">${t('commitments:replies.readOnly')}</p>` : nothing}
      ${this.notDrafter
        ? nothing
        : items.length
          ? html`<ol class="reply-list">${items.map((x) => this.renderItem(x, true))}</ol>`
          : html`<p class="muted">${t('commitments:replies.none')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-reply-queue': MesaReplyQueue;
  }
}
