import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { commitmentsApi, type ConsultationComment } from './commitments-api.ts';

const COMMENT_MAX = 5000;
const QUOTE_MAX = 500;

/**
 * A comment on one section of a commitment, optionally on a passage of it: the passage comes
 * from a selection in the text ("comment on this passage") or can be pasted by hand. The server
 * refuses a passage that is not in the section; that message lands on the passage field.
 */
@customElement('mesa-section-comment-form')
export class MesaSectionCommentForm extends LightElement {
  @property() commitmentId = '';
  @property() field = '';
  @property() sectionLabel = '';
  @property() quote = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly idBase = uid('section-comment');
  private readonly form: FormController = new FormController(this, {
    t: () => this.i18n.t,
    // The server's word on the anchor belongs to the quote, on the body to the body; else the alert.
    problem: (err): FieldErrors | undefined => {
      if (!(err instanceof ApiError)) return undefined;
      const anchor = err.errors.find((x) => x.path.startsWith('anchor'));
      if (anchor) return { quote: anchor.message || this.i18n.t('commitments:comments.quoteMissing') };
      const body = err.errors.find((x) => x.path === 'body');
      return body ? { body: body.message } : { '': problemMessage(this.i18n.t, err) };
    },
    focus: () => {
      const e = this.form.errors;
      const at = e.body ? `#${this.idBase}-body` : e.quote ? `#${this.idBase}-quote` : e[''] ? '.alert' : '';
      return at ? this.querySelector<HTMLElement>(at) : null;
    },
  });

  override focus(): void {
    this.querySelector<HTMLTextAreaElement>(`#${this.idBase}-body`)?.focus();
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get('body') ?? '').trim();
    const quote = String(data.get('quote') ?? '').trim();
    const errors: FieldErrors = {};
    if (!body) errors.body = t('comments:errors.required');
    else if (body.length > COMMENT_MAX) errors.body = t('comments:errors.long', { max: COMMENT_MAX });
    if (quote.length > QUOTE_MAX) errors.quote = t('commitments:comments.quoteLong', { max: QUOTE_MAX });
    if (!this.form.check(errors)) return;
    const comment = await this.form.run(() => commitmentsApi.comment(this.api, this.commitmentId, { body, anchor: { field: this.field, ...(quote ? { quote } : {}) } }));
    if (!comment) return;
    form.reset();
    this.quote = '';
    emit(this, 'mesa-announce', { message: t('comments:published') });
    emit(this, 'mesa-consultation-commented', { comment });
  }

  override render() {
    const { t } = this.i18n;
    const id = this.idBase;
    const e = this.form.errors;
    return html`<form class="c-comment-form" novalidate @submit=${this.submit}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') emit(this, 'mesa-consultation-cancel', {});
      }} aria-label=${t('commitments:comments.formLabel', { section: this.sectionLabel })}>
      ${e[''] ? html`<p class="alert alert--error" role="alert" tabindex="-1">${e['']}</p>` : nothing}
      <div class="field ${e.quote ? 'field--error' : ''}">
        <label for="${id}-quote">${t('commitments:comments.quoteLabel')}</label>
        <p class="hint" id="${id}-quote-hint">${t('commitments:comments.quoteHint')}</p>
        ${e.quote ? html`<p class="field__error" id="${id}-quote-error">${e.quote}</p>` : nothing}
        <textarea id="${id}-quote" name="quote" rows="2" .value=${this.quote} aria-describedby="${id}-quote-hint${e.quote ? ` ${id}-quote-error` : ''}" aria-invalid=${e.quote ? 'true' : nothing}></textarea>
      </div>
      <div class="field ${e.body ? 'field--error' : ''}">
        <label for="${id}-body">${t('commitments:comments.bodyLabel', { section: this.sectionLabel })}</label>
        ${e.body ? html`<p class="field__error" id="${id}-body-error">${e.body}</p>` : nothing}
        <textarea id="${id}-body" name="body" rows="4" aria-describedby=${e.body ? `${id}-body-error` : nothing} aria-invalid=${e.body ? 'true' : nothing}></textarea>
      </div>
      <p class="actions">
        <button class="button" type="submit" ?disabled=${this.form.busy}>${t('commitments:comments.send')}</button>
        <button class="button button--secondary" type="button" @click=${() => emit(this, 'mesa-consultation-cancel', {})}>${t('cancel')}</button>
      </p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-section-comment-form': MesaSectionCommentForm;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-consultation-commented': CustomEvent<{ comment: ConsultationComment }>;
    /** The reader closed the section's comment form without sending. */
    'mesa-consultation-cancel': CustomEvent<Record<string, never>>;
  }
}
