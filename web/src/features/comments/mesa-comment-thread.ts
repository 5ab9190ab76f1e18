import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { COMMENT_SORTS, MAX_COMMENT_DEPTH } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';
import { commentsApi, type Comment, type CommentSort } from './comments-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LiveAnnouncer } from '../../controllers/live-announcer.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { insertInThread, isRecord } from './thread-model.ts';
import './mesa-comment.ts';
import './mesa-comment-form.ts';


/**
 * The comments on a proposal: threads up to MAX_COMMENT_DEPTH deep, a sort, a form for a new
 * thread, and live changes from the `proposal:<id>` room (added, edited, hidden, votes).
 */
@customElement('mesa-comment-thread')
export class MesaCommentThread extends LightElement {
  @property() proposalId = '';
  @property({ type: Boolean }) canComment = false;
  @property({ type: Boolean }) admin = false;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private items: Comment[] = [];
  @state() private total = 0;
  @state() private sort: CommentSort = 'oldest';
  @state() private loading = true;
  @state() private error = '';
  private readonly base = uid('comments');
  private request = 0;
  private loadedUser: string | null | undefined;
  /** Comments this reader just posted: the room will echo them, they need no announcement. */
  private readonly own = new Set<string>();

  private readonly live = new LiveAnnouncer(this, (count, latest) => this.i18n.t('comments:live.summary', { count, latest }));
  private readonly room = new RoomController(this, {
    room: () => (this.proposalId ? `proposal:${this.proposalId}` : null),
    onEvent: (event, data) => this.apply(event, data),
    onResync: () => void this.load(),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    const user = this.session.ready ? (this.session.user?.id ?? null) : undefined;
    if (changed.has('proposalId') && this.proposalId) {
      this.loadedUser = user;
      void this.load();
      return;
    }
    if (user !== undefined && this.loadedUser !== undefined && user !== this.loadedUser) void this.load();
    if (user !== undefined) this.loadedUser = user;
  }

  private async load(): Promise<void> {
    const request = ++this.request;
    this.error = '';
    try {
      const page = await commentsApi.list(this.api, this.proposalId, this.sort);
      if (request !== this.request) return;
      this.items = page.items;
      this.total = page.total;
    } catch (err) {
      if (request === this.request) this.error = problemMessage(this.i18n.t, err);
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  private setSort(sort: CommentSort): void {
    this.sort = sort;
    this.loading = true;
    void this.load();
  }

  private patch(id: string, patch: Partial<Comment>): void {
    this.items = this.items.map((c) => (c.id === id ? { ...c, ...patch } : c));
  }

  /** Add a comment, or update it when listed already; `own` comes from this reader's request and knows "mine". */
  private add(comment: Comment, announce: boolean, own = false): void {
    const known = this.items.find((c) => c.id === comment.id);
    if (known) {
      this.patch(comment.id, own ? comment : { ...comment, mine: known.mine, myVote: known.myVote });
      return;
    }
    this.items = insertInThread(this.items, comment, this.sort);
    this.total += 1;
    if (announce) {
      this.live.say(this.i18n.t('comments:live.added', { name: comment.authorName || this.i18n.t('comments:someone') }), `added:${comment.id}`);
    }
  }

  /** A room event of `proposal:<id>`; events about the proposal itself are the page's. */
  private apply(event: string, data: unknown): void {
    if (!isRecord(data)) return;
    switch (event) {
      case 'comments/added': {
        // The data is the comment itself (older drafts of the protocol wrapped it in {comment}).
        const comment = isRecord(data.comment) ? data.comment : data;
        if (typeof comment.id !== 'string') return;
        const own = this.own.has(comment.id);
        // A broadcast is the same for everyone: "mine" and "my vote" are not about this reader.
        this.add({ ...(comment as Comment), mine: own, myVote: 0 }, !own);
        return;
      }
      case 'comments/edited': {
        const comment = isRecord(data.comment) ? data.comment : data;
        if (typeof comment.id !== 'string') return;
        const { mine: _m, myVote: _v, ...rest } = comment as Comment;
        this.patch(comment.id, rest);
        return;
      }
      case 'comments/hidden': {
        const id = String(data.commentId ?? '');
        if (data.deleted === true) {
          this.patch(id, { deleted: true, body: undefined, bodyHtml: undefined });
        } else if (data.hidden === false) {
          // Shown again: the room does not carry hidden text, so fetch the thread.
          if (this.admin) this.patch(id, { hidden: false });
          else void this.load();
        } else {
          // Admins keep the text (to unhide it); others see only that it was hidden.
          this.patch(id, this.admin ? { hidden: true } : { hidden: true, body: undefined, bodyHtml: undefined });
        }
        return;
      }
      case 'comments/votes-changed': {
        const id = String(data.commentId ?? '');
        const patch: Partial<Comment> = {};
        if (typeof data.upVotes === 'number') patch.upVotes = data.upVotes;
        if (typeof data.downVotes === 'number') patch.downVotes = data.downVotes;
        this.patch(id, patch);
        return;
      }
    }
  }

  private onAdded(e: CustomEvent<{ comment: Comment }>): void {
    const comment = { ...e.detail.comment, mine: e.detail.comment.mine ?? true };
    this.own.add(comment.id);
    this.add(comment, false, true);
  }

  private renderTree(parentId: string | null, byParent: Map<string | null, Comment[]>): TemplateResult | typeof nothing {
    const children = byParent.get(parentId) ?? [];
    if (children.length === 0) return nothing;
    const signedIn = !!this.session.user;
    return html`
      <ol class="comments ${parentId ? 'comments--replies' : ''}">
        ${repeat(
          children,
          (c) => c.id,
          (c) => html`<li>
            <mesa-comment .comment=${c} .proposalId=${this.proposalId} .signedIn=${signedIn} .canComment=${this.canComment}
              .canReply=${c.depth < MAX_COMMENT_DEPTH} .admin=${this.admin}></mesa-comment>
            ${this.renderTree(c.id, byParent)}
          </li>`,
        )}
      </ol>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const known = new Set(this.items.map((c) => c.id));
    const byParent = new Map<string | null, Comment[]>();
    for (const c of this.items) {
      // A reply whose parent is not listed still shows, at the top level.
      const parent = c.parentId && known.has(c.parentId) ? c.parentId : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
    }
    return html`
      <section class="section comments-section" id="comments" aria-labelledby="${this.base}-heading"
        @mesa-comment-added=${this.onAdded}
        @mesa-comment-updated=${(e: CustomEvent<{ id: string; patch: Partial<Comment> }>) => this.patch(e.detail.id, e.detail.patch)}>
        <div class="comments-head">
          <h2 id="${this.base}-heading">${t('comments:heading', { count: this.total })}</h2>
          <div class="field field--inline">
            <label for="${this.base}-sort">${t('comments:sortLabel')}</label>
            <select id="${this.base}-sort" @change=${(e: Event) => this.setSort((e.target as HTMLSelectElement).value as CommentSort)}>
              ${COMMENT_SORTS.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${t(`comments:sort.${s}`)}</option>`)}
            </select>
          </div>
        </div>
        ${this.canComment
          ? html`<mesa-comment-form .proposalId=${this.proposalId}></mesa-comment-form>`
          : this.session.ready && !this.session.user
            ? html`<p class="hint"><a href="/signin?next=${encodeURIComponent(location.pathname)}">${t('nav.signIn')}</a> ${t('comments:signInToComment')}</p>`
            : html`<p class="hint">${t('comments:closed')}</p>`}
        ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
        ${this.loading
          ? html`<p role="status">${t('loading')}</p>`
          : this.items.length === 0
            ? html`<p>${t('comments:empty')}</p>`
            : this.renderTree(null, byParent)}
        ${this.live.render()}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-comment-thread': MesaCommentThread;
  }
}
