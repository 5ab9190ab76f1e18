import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { commentsApi, type Alignment, type Comment } from './comments-api.ts';
import { ALIGNMENTS } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { FormController } from '../../controllers/form-controller.ts';
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
  @state() private value = '';
  private readonly base = uid('comment-form');
  // Errors on the text focus it; a problem about the whole form shows in the alert.
  private readonly form: FormController = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: (path) => (path === 'body' ? 'body' : ''),
    focus: () => (this.form.errors.body ? this.querySelector<HTMLElement>('textarea') : null),
  });

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
    const error = !body ? t('comments:errors.required') : body.length > COMMENT_MAX ? t('comments:errors.long', { max: COMMENT_MAX.toLocaleString() }) : '';
    if (!this.form.check(error ? { body: error } : {})) return;
    const comment = await this.form.run(() =>
      commentsApi.add(this.api, this.proposalId, { body, ...(this.parentId ? { parentId: this.parentId } : {}), ...(alignment ? { alignment } : {}) }),
    );
    if (!comment) return;
    this.value = '';
    form.reset();
    emit(this, 'mesa-comment-added', { comment });
    emit(this, 'mesa-announce', { message: this.parentId ? t('comments:replyPublished') : t('comments:published') });
  }

  override render() {
    const { t } = this.i18n;
    const reply = !!this.parentId;
    const e = this.form.errors;
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
          <button type="submit" class="button" ?disabled=${this.form.busy}>${reply ? t('comments:sendReply') : t('comments:send')}</button>
          ${reply
            ? html`<button type="button" class="button button--secondary"
                @click=${() => emit(this, 'mesa-comment-cancel', {})}>${t('cancel')}</button>`
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
    'mesa-comment-cancel': CustomEvent<Record<string, never>>;
  }
}
