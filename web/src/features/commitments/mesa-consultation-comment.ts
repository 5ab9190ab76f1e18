import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import type { ConsultationComment } from './commitments-api.ts';

/**
 * One consultation comment: who and when, the quoted passage, an "on an earlier version" mark
 * (with that version's text) when the passage is no longer in the section, the body (the
 * server's sanitised HTML) and the drafting team's reasoned reply with its outcome.
 */
@customElement('mesa-consultation-comment')
export class MesaConsultationComment extends LightElement {
  @property({ attribute: false }) comment!: ConsultationComment;
  /** Show the section's name (in the reply queue, where comments of all sections are mixed). */
  @property() sectionLabel = '';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t, formatDate } = this.i18n;
    const c = this.comment;
    if (c.hidden || c.deleted) return html`<p class="comment__gone muted">${c.hidden ? t('comments:hiddenText') : t('comments:deletedText')}</p>`;
    const earlier = c.earlierText ?? '';
    const r = c.response;
    return html`<article id=${`comment-${c.id}`} class="c-comment ${r ? 'c-comment--answered' : ''}" data-comment=${c.id} aria-labelledby="c-${c.id}-who">
      <p class="comment__meta" id="c-${c.id}-who"><strong>${c.authorName ?? t('commitments:comments.someone')}</strong>
        <time datetime=${c.createdAt}>${formatDate(c.createdAt, { dateStyle: 'medium' })}</time>
        ${this.sectionLabel ? html`<span class="tag">${this.sectionLabel}</span>` : nothing}
        ${c.onEarlierVersion ? html`<span class="badge badge--warning">${t('commitments:comments.earlier')}</span>` : nothing}</p>
      ${c.anchor?.quote
        ? html`<blockquote class="c-comment__quote"><span class="visually-hidden">${t('commitments:comments.quoted')} </span>${c.anchor.quote}</blockquote>`
        : nothing}
      ${c.onEarlierVersion && earlier
        ? html`<details class="c-comment__earlier"><summary>${t('commitments:comments.earlierText')}</summary><p class="prose-text">${earlier}</p></details>`
        : nothing}
      <div class="prose comment__body">${c.bodyHtml ? unsafeHTML(c.bodyHtml) : html`<p class="prose-text">${c.body}</p>`}</div>
      ${r
        ? html`<div class="c-reply c-reply--${r.outcome}">
            <p class="c-reply__head"><strong>${t('commitments:replies.answer')}</strong>
              <span class="badge outcome outcome--${r.outcome}">${t(`commitments:outcome.${r.outcome}`)}</span></p>
            <p class="prose-text">${r.text}</p>
            <p class="hint c-reply__meta">${t('commitments:replies.answeredBy', { name: r.authorName ?? t('commitments:comments.someone'), date: formatDate(r.respondedAt, { dateStyle: 'medium' }) })}${r.versionLabel ? html` · ${t('commitments:replies.appliedIn', { label: r.versionLabel })}` : nothing}</p>
          </div>`
        : html`<p class="muted c-comment__waiting">${t('commitments:comments.notAnswered')}</p>`}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-consultation-comment': MesaConsultationComment;
  }
}
