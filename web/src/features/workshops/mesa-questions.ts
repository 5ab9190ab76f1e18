import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';
import type { WorkshopLive } from './workshop-live.ts';
import { workshopsApi, type Question, type Workshop } from './workshops-api.ts';

export const QUESTION_MIN = 3;
export const QUESTION_MAX = 280;

/**
 * Questions from the floor, unanswered and most upvoted first. Participants ask (short text with a
 * counter) and upvote others' questions; the facilitator marks them answered and, through the same
 * moderation as comments, hides them (admins) or reports them (other facilitators); the projector
 * shows the open ones.
 */
@customElement('mesa-questions')
export class MesaQuestions extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  /** The workshop's state, to note the reader's own questions and upvotes and reload the list. */
  @property({ attribute: false }) live!: WorkshopLive;
  @property({ attribute: false }) questions: Question[] = [];
  @property() mode: 'participate' | 'facilitate' | 'project' = 'participate';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private busy = '';
  @state() private error = '';
  @state() private askError = '';
  /** Bumped after a question is sent, to empty the field. */
  @state() private draft = 0;
  private readonly base = uid('questions');

  private async run(name: string, action: () => Promise<unknown>, done: string): Promise<boolean> {
    this.busy = name;
    this.error = '';
    try {
      await action();
      emit(this, 'mesa-announce', { message: done });
      return true;
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
      return false;
    } finally {
      this.busy = '';
    }
  }

  private async ask(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const body = String(new FormData(e.currentTarget as HTMLFormElement).get('question') ?? '').trim();
    this.askError = body.length < QUESTION_MIN ? t('workshops:questions.tooShort', { min: QUESTION_MIN })
      : body.length > QUESTION_MAX ? t('workshops:questions.tooLong', { max: QUESTION_MAX }) : '';
    if (this.askError) {
      await this.updateComplete;
      this.querySelector<HTMLTextAreaElement>(`#${this.base}-ask`)?.focus();
      return;
    }
    this.busy = 'ask';
    try {
      const { id } = await workshopsApi.ask(this.api, this.workshop.id, body);
      this.live.noteAsked(id);
      this.draft += 1;
      emit(this, 'mesa-announce', { message: t('workshops:questions.asked') });
    } catch (err) {
      this.askError = problemMessage(t, err);
    } finally {
      this.busy = '';
    }
  }

  private renderAsk() {
    const { t } = this.i18n;
    if (!this.workshop.me || this.workshop.state !== 'open') return nothing;
    return html`<form class="ask-form" novalidate @submit=${this.ask}>
      ${keyed(this.draft, html`<mesa-field fieldId="${this.base}-ask" name="question" type="textarea" .countMax=${QUESTION_MAX}
        .label=${t('workshops:questions.ask')} .hint=${t('workshops:questions.askHint')} .error=${this.askError}></mesa-field>`)}
      <button type="submit" class="button" ?disabled=${this.busy === 'ask'}>${t('workshops:questions.send')}</button>
    </form>`;
  }

  private renderActions(q: Question) {
    const { t } = this.i18n;
    const open = this.workshop.state === 'open';
    if (this.mode === 'project' || !open) return nothing;
    if (this.mode === 'participate') {
      if (!this.workshop.me) return nothing;
      const voted = !!q.votedByMe;
      return html`<button type="button" class="button button--secondary button--small upvote" aria-pressed=${voted ? 'true' : 'false'}
        ?disabled=${this.busy === q.id} aria-label=${t('workshops:questions.upvoteLabel', { body: q.body, count: q.votes })}
        @click=${() => this.run(q.id, async () => {
          this.live.noteVote(q.id, !voted);
          try {
            await workshopsApi.upvote(this.api, q.id, voted ? 0 : 1);
          } catch (err) {
            this.live.noteVote(q.id, voted);
            throw err;
          }
          await this.live.loadQuestions();
        }, voted ? t('workshops:questions.unvoted') : t('workshops:questions.upvoted'))}><span aria-hidden="true">▲</span> ${t('workshops:questions.upvote')}</button>`;
    }
    const admin = isAdmin(this.session.user);
    return html`<span class="question__actions">
      <button type="button" class="button button--secondary button--small" ?disabled=${this.busy === q.id}
        aria-label=${q.answered ? t('workshops:questions.reopenLabel', { body: q.body }) : t('workshops:questions.markLabel', { body: q.body })}
        @click=${() => this.run(q.id, () => workshopsApi.answered(this.api, q.id, !q.answered), q.answered ? t('workshops:questions.reopened') : t('workshops:questions.marked'))}>
        ${q.answered ? t('workshops:questions.reopen') : t('workshops:questions.mark')}</button>
      ${admin
        ? html`<button type="button" class="link-button" ?disabled=${this.busy === q.id}
            aria-label=${q.hidden ? t('workshops:questions.showLabel', { body: q.body }) : t('workshops:questions.hideLabel', { body: q.body })}
            @click=${() => this.run(q.id, async () => {
              await workshopsApi.hideQuestion(this.api, q.id, !q.hidden);
              await this.live.loadQuestions();
            }, q.hidden ? t('workshops:questions.shown') : t('workshops:questions.hiddenDone'))}>${q.hidden ? t('workshops:questions.show') : t('workshops:questions.hide')}</button>`
        : this.session.user && !q.hidden
          ? html`<button type="button" class="link-button" ?disabled=${this.busy === q.id} aria-label=${t('workshops:questions.reportLabel', { body: q.body })}
              @click=${() => this.run(q.id, () => workshopsApi.reportQuestion(this.api, q.id, 'off-topic'), t('workshops:questions.reported'))}>${t('workshops:questions.report')}</button>`
          : nothing}
    </span>`;
  }

  override render() {
    const { t } = this.i18n;
    const all = this.questions;
    const list = this.mode === 'project' ? all.filter((q) => !q.answered && !q.hidden).slice(0, 5) : all;
    if (this.mode === 'project' && !list.length) return nothing;
    const Heading = this.mode === 'project' ? t('workshops:questions.projectHeading') : t('workshops:questions.heading', { count: all.filter((q) => !q.answered && !q.hidden).length });
    return html`<section class="${this.mode === 'facilitate' ? 'card console-block' : 'questions-block'} questions" aria-labelledby="${this.base}-heading">
      <h2 id="${this.base}-heading">${Heading}</h2>
      ${this.mode === 'participate' ? this.renderAsk() : nothing}
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${list.length === 0 ? html`<p class="muted">${t('workshops:questions.none')}</p>` : nothing}
      <ol class="question-list">
        ${list.map((q) => html`<li class="question ${q.answered ? 'question--answered' : ''} ${q.hidden ? 'question--hidden' : ''}" data-question=${q.id}>
          <p class="question__votes"><strong data-votes=${q.votes}>${q.votes}</strong> <span class="muted">${t('workshops:questions.votes')}</span></p>
          <div class="question__main">
            <p class="question__body">${q.body}</p>
            <p class="question__meta muted">${q.mine ? t('workshops:questions.byYou') : t('workshops:questions.by', { name: q.authorName })}
              ${q.answered ? html` <span class="badge badge--closed" data-answered>${t('workshops:questions.answered')}</span>` : nothing}
              ${q.hidden ? html` <span class="badge badge--warning">${t('workshops:questions.hiddenBadge')}</span>` : nothing}</p>
            ${this.renderActions(q)}
          </div>
        </li>`)}
      </ol>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-questions': MesaQuestions;
  }
}
