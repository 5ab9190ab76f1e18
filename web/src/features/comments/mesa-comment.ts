import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { commentsApi, type Comment } from './comments-api.ts';
import { moderationApi } from '../moderation/moderation-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { fieldErrorsFrom, type FieldErrors } from '../../ui/form-errors.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';
import { COMMENT_MAX } from './mesa-comment-form.ts';
import './mesa-comment-form.ts';

/**
 * One comment: author, date, position, text (the server's sanitised HTML), an "edited" mark,
 * up/down votes, and the actions the reader may take: reply, edit, delete, report, hide.
 * Changes go up as `mesa-comment-updated`; the thread owns the list.
 */
@customElement('mesa-comment')
export class MesaComment extends LightElement {
  @property({ attribute: false }) comment!: Comment;
  @property() proposalId = '';
  @property({ type: Boolean }) signedIn = false;
  @property({ type: Boolean }) canComment = false;
  @property({ type: Boolean }) canReply = false;
  @property({ type: Boolean }) admin = false;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private mode: 'read' | 'reply' | 'edit' | 'delete' = 'read';
  @state() private busy = false;
  @state() private error = '';
  @state() private editErrors: FieldErrors = {};

  private updated_(patch: Partial<Comment>): void {
    emit(this, 'mesa-comment-updated', { id: this.comment.id, patch });
  }

  private async setMode(mode: MesaComment['mode']): Promise<void> {
    this.mode = mode;
    this.error = '';
    this.editErrors = {};
    await this.updateComplete;
    const c = this.comment.id;
    if (mode === 'reply') {
      const form = this.querySelector('mesa-comment-form');
      await form?.updateComplete;
      await form?.querySelector('mesa-field')?.updateComplete;
      form?.focus();
    } else if (mode === 'edit') {
      await this.querySelector('mesa-field')?.updateComplete;
      this.querySelector<HTMLElement>(`#edit-${c}-body`)?.focus();
    }
    else if (mode === 'delete') this.querySelector<HTMLElement>(`#delete-${c} .button--danger`)?.focus();
    else this.querySelector<HTMLElement>(`#comment-${c}-actions button`)?.focus();
  }

  private async vote(value: 1 | -1): Promise<void> {
    const { t } = this.i18n;
    const next = this.comment.myVote === value ? 0 : value;
    this.busy = true;
    this.error = '';
    try {
      const result = await commentsApi.vote(this.api, this.comment.id, next);
      this.updated_(result);
      emit(this, 'mesa-announce', {
        message: next === 0 ? t('comments:votes.removed') : t('comments:votes.recorded', { up: result.upVotes, down: result.downVotes }),
      });
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private async saveEdit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const body = String(new FormData(event.target as HTMLFormElement).get('body') ?? '').trim();
    if (!body) this.editErrors = { body: t('comments:errors.required') };
    else if (body.length > COMMENT_MAX) this.editErrors = { body: t('comments:errors.long', { max: COMMENT_MAX.toLocaleString() }) };
    else this.editErrors = {};
    if (this.editErrors.body) return;
    this.busy = true;
    try {
      const comment = await commentsApi.edit(this.api, this.comment.id, body);
      this.updated_({ ...comment, editedAt: comment.editedAt ?? new Date().toISOString() });
      emit(this, 'mesa-announce', { message: t('comments:edited') });
      await this.setMode('read');
    } catch (err) {
      this.editErrors = fieldErrorsFrom(t, err, (path) => (path === 'body' ? 'body' : ''));
    } finally {
      this.busy = false;
    }
  }

  private async deleteComment(): Promise<void> {
    const { t } = this.i18n;
    this.busy = true;
    try {
      await commentsApi.remove(this.api, this.comment.id);
      this.mode = 'read';
      this.updated_({ deleted: true, body: undefined, bodyHtml: undefined });
      emit(this, 'mesa-announce', { message: t('comments:deleted') });
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private async setHidden(hidden: boolean): Promise<void> {
    const { t } = this.i18n;
    this.busy = true;
    this.error = '';
    try {
      await moderationApi.setHidden(this.api, 'comments', this.comment.id, hidden);
      this.updated_({ hidden });
      emit(this, 'mesa-announce', { message: hidden ? t('moderation:hidden') : t('moderation:unhidden') });
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private report(): void {
    emit(this, 'mesa-report', { targetType: 'comments', targetId: this.comment.id });
  }

  private renderBody(c: Comment) {
    const { t } = this.i18n;
    if (c.deleted) return html`<p class="comment__gone">${t('comments:deletedText')}</p>`;
    if (c.hidden && !c.body && !c.bodyHtml) return html`<p class="comment__gone">${t('comments:hiddenText')}</p>`;
    return html`
      ${c.hidden ? html`<p class="comment__gone">${t('comments:hiddenText')}</p>` : nothing}
      <div class="prose comment__body">${c.bodyHtml ? unsafeHTML(c.bodyHtml) : html`<p class="prose-text">${c.body}</p>`}</div>
    `;
  }

  private renderVotes(c: Comment) {
    const { t } = this.i18n;
    const up = c.upVotes ?? 0;
    const down = c.downVotes ?? 0;
    if (!this.signedIn || c.mine || c.deleted || c.hidden) {
      return html`<span class="votes muted">${t('comments:votes.summary', { up, down })}</span>`;
    }
    return html`
      <span class="votes" role="group" aria-label=${t('comments:votes.label')}>
        <button type="button" class="vote" aria-pressed=${c.myVote === 1 ? 'true' : 'false'} ?disabled=${this.busy}
          aria-label=${t('comments:votes.up', { count: up })} @click=${() => this.vote(1)}><span aria-hidden="true">▲ ${up}</span></button>
        <button type="button" class="vote" aria-pressed=${c.myVote === -1 ? 'true' : 'false'} ?disabled=${this.busy}
          aria-label=${t('comments:votes.down', { count: down })} @click=${() => this.vote(-1)}><span aria-hidden="true">▼ ${down}</span></button>
      </span>
    `;
  }

  private renderEdit(c: Comment) {
    const { t } = this.i18n;
    const e = this.editErrors;
    return html`
      <form novalidate class="comment-form" @submit=${this.saveEdit}>
        ${e[''] ? html`<p class="alert alert--error" role="alert">${e['']}</p>` : nothing}
        <mesa-field fieldId="edit-${c.id}-body" name="body" type="textarea" .value=${c.body ?? ''} .countMax=${COMMENT_MAX}
          .label=${t('comments:editLabel')} .error=${e.body ?? ''}></mesa-field>
        <div class="actions">
          <button type="submit" class="button" ?disabled=${this.busy}>${t('comments:save')}</button>
          <button type="button" class="button button--secondary" @click=${() => this.setMode('read')}>${t('cancel')}</button>
        </div>
      </form>
    `;
  }

  override render() {
    const { t, formatDate } = this.i18n;
    const c = this.comment;
    const gone = !!c.deleted || (c.hidden && !this.admin);
    const author = c.authorName || t('comments:someone');
    return html`
      <article class="comment ${c.hidden ? 'comment--hidden' : ''}" id="comment-${c.id}" aria-labelledby="comment-${c.id}-by">
        <p class="comment__meta">
          <strong id="comment-${c.id}-by">${gone ? t('comments:someone') : author}</strong>
          <time datetime=${c.createdAt}>${formatDate(c.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</time>
          ${c.alignment && !gone ? html`<span class="badge align align--${c.alignment}">${t(`comments:alignment.${c.alignment}`)}</span>` : nothing}
          ${c.editedAt && !gone
            ? html`<span class="comment__edited" title=${formatDate(c.editedAt, { dateStyle: 'medium', timeStyle: 'short' })}>${t('comments:editedMark')}</span>`
            : nothing}
          ${c.hidden && this.admin ? html`<span class="badge badge--warning">${t('moderation:hiddenBadge')}</span>` : nothing}
        </p>
        ${this.mode === 'edit' ? this.renderEdit(c) : this.renderBody(c)}
        ${this.mode === 'delete'
          ? html`<div class="confirm" id="delete-${c.id}" role="group" aria-labelledby="delete-${c.id}-q">
              <p id="delete-${c.id}-q">${t('comments:deleteConfirm')}</p>
              <div class="actions">
                <button type="button" class="button button--danger" ?disabled=${this.busy} @click=${this.deleteComment}>${t('comments:deleteYes')}</button>
                <button type="button" class="button button--secondary" @click=${() => this.setMode('read')}>${t('cancel')}</button>
              </div>
            </div>`
          : nothing}
        ${this.mode === 'read'
          ? html`<div class="comment__actions" id="comment-${c.id}-actions">
              ${gone ? nothing : this.renderVotes(c)}
              ${this.canComment && this.canReply && !c.deleted && !c.hidden
                ? html`<button type="button" class="link-button" @click=${() => this.setMode('reply')}>${t('comments:reply')}</button>`
                : nothing}
              ${c.mine && !c.deleted && !c.hidden
                ? html`<button type="button" class="link-button" @click=${() => this.setMode('edit')}>${t('comments:edit')}</button>
                    <button type="button" class="link-button" @click=${() => this.setMode('delete')}>${t('comments:delete')}</button>`
                : nothing}
              ${this.signedIn && !c.mine && !gone
                ? html`<button type="button" class="link-button" @click=${this.report}>${t('moderation:report.comment')}</button>`
                : nothing}
              ${this.admin && !c.deleted
                ? html`<button type="button" class="link-button" ?disabled=${this.busy} @click=${() => this.setHidden(!c.hidden)}>
                    ${c.hidden ? t('moderation:unhide') : t('moderation:hide')}
                  </button>`
                : nothing}
            </div>`
          : nothing}
        ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
        ${this.mode === 'reply'
          ? html`<div id="reply-${c.id}" class="comment__reply">
              <mesa-comment-form .proposalId=${this.proposalId} .parentId=${c.id} .parentAuthor=${author}
                @mesa-comment-added=${() => (this.mode = 'read')}
                @mesa-comment-cancel=${() => this.setMode('read')}></mesa-comment-form>
            </div>`
          : nothing}
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-comment': MesaComment;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-comment-updated': CustomEvent<{ id: string; patch: Partial<Comment> }>;
    /** The reader wants to report something: the page opens its report dialog. */
    'mesa-report': CustomEvent<{ targetType: 'proposals' | 'comments'; targetId: string }>;
  }
}
