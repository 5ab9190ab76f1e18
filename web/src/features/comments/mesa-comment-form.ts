import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { commentsApi, type Alignment, type Comment } from './comments-api.ts';
import { ALIGNMENTS } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { fieldErrorsFrom, type FieldErrors } from '../../ui/form-errors.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';

export const COMMENT_MAX = 5000;

/** Write a comment or a reply (with an optional position: for, against, neutral); sends `mesa-comment-added`. */
@customElement('mesa-comment-form')
export class MesaCommentForm extends LightElement {
  @property() proposalId = '';
  /** Replying to this comment; empty for a new thread. */
  @property() parentId = '';
  /** Whose comment this replies to, for the label. */
  @property() parentAuthor = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private errors: FieldErrors = {};
  @state() private busy = false;
  @state() private value = '';
  private readonly base = uid('comment-form');

  override focus(): void {
    this.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get('body') ?? '').trim();
    const alignment = (data.get('alignment') as Alignment | null) || undefined;
    this.value = String(data.get('body') ?? '');
    if (!body) this.errors = { body: t('comments:errors.required') };
    else if (body.length > COMMENT_MAX) this.errors = { body: t('comments:errors.long', { max: COMMENT_MAX.toLocaleString() }) };
    else this.errors = {};
    if (this.errors.body) {
      await this.updateComplete;
      this.focus();
      return;
    }
    this.busy = true;
    try {
      const comment = await commentsApi.add(this.api, this.proposalId, {
        body,
        ...(this.parentId ? { parentId: this.parentId } : {}),
        ...(alignment ? { alignment } : {}),
      });
      this.value = '';
      form.reset();
      this.dispatchEvent(new CustomEvent('mesa-comment-added', { detail: { comment }, bubbles: true }));
      emit(this, 'mesa-announce', { message: this.parentId ? t('comments:replyPublished') : t('comments:published') });
    } catch (err) {
      this.errors = fieldErrorsFrom(t, err, (path) => (path === 'body' ? 'body' : ''));
      await this.updateComplete;
      if (this.errors.body) this.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { t } = this.i18n;
    const reply = !!this.parentId;
    const e = this.errors;
    return html`
      <form novalidate class="comment-form" @submit=${this.submit}>
        ${e[''] ? html`<p class="alert alert--error" role="alert">${e['']}</p>` : nothing}
        <mesa-field fieldId="${this.base}-body" name="body" type="textarea" .value=${this.value} .countMax=${COMMENT_MAX}
          .label=${reply ? t('comments:replyLabel', { name: this.parentAuthor || t('comments:someone') }) : t('comments:label')}
          .hint=${t('comments:hint')} .error=${e.body ?? ''}></mesa-field>
        <fieldset class="field choice-row">
          <legend>${t('comments:alignment.legend')}</legend>
          ${ALIGNMENTS.map(
            (a) => html`<label class="check"><input type="radio" name="alignment" value=${a} /> ${t(`comments:alignment.${a}`)}</label>`,
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" class="button" ?disabled=${this.busy}>${reply ? t('comments:sendReply') : t('comments:send')}</button>
          ${reply
            ? html`<button type="button" class="button button--secondary"
                @click=${() => this.dispatchEvent(new CustomEvent('mesa-comment-cancel', { bubbles: true }))}>${t('cancel')}</button>`
            : nothing}
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-comment-form': MesaCommentForm;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-comment-added': CustomEvent<{ comment: Comment }>;
    'mesa-comment-cancel': CustomEvent<void>;
  }
}
