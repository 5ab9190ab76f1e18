import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { moderationApi } from '../moderation/moderation-api.ts';
import { proposalsApi, type Proposal } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { byField, fieldErrorsFrom, type FieldErrors } from '../../ui/form-errors.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';
import { ANSWER_MAX, ANSWER_STATES, type AnswerState } from './proposal-model.ts';

/** Admin tools on a proposal page: the reasoned answer (draft or published) and hide / unhide. */
@customElement('mesa-proposal-admin')
export class MesaProposalAdmin extends LightElement {
  @property({ attribute: false }) proposal!: Proposal;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private answerState: AnswerState = 'evaluating';
  @state() private text = '';
  @state() private errors: FieldErrors = {};
  @state() private busy = false;
  @state() private done = '';
  @state() private hideError = '';
  /** A draft was saved from this page (the API also says so, as `draftAnswer`). */
  @state() private draftSaved = false;
  private readonly base = uid('answer');
  private loadedFor = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proposal') && this.proposal && this.proposal.id !== this.loadedFor) {
      this.loadedFor = this.proposal.id;
      // The published answer, else the draft the API gives back to admins (so a reload shows it).
      const a = this.proposal.answer ?? this.proposal.draftAnswer ?? null;
      this.answerState = a && (ANSWER_STATES as readonly string[]).includes(a.state) ? (a.state as AnswerState) : 'evaluating';
      this.text = a?.text ?? '';
      this.errors = {};
      this.done = '';
      this.draftSaved = false;
    }
  }

  private saved(proposal: Proposal): void {
    this.dispatchEvent(new CustomEvent('mesa-proposal-saved', { detail: { proposal }, bubbles: true }));
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const publish = (event.submitter as HTMLButtonElement | null)?.value === 'publish';
    const form = event.target as HTMLFormElement;
    this.text = (new FormData(form).get('answer') as string | null) ?? '';
    this.answerState = (new FormData(form).get('state') as AnswerState | null) ?? this.answerState;
    this.done = '';
    const text = this.text.trim();
    if (!text) this.errors = { answer: t('proposals:answer.errors.required') };
    else if (text.length > ANSWER_MAX) this.errors = { answer: t('proposals:answer.errors.long', { max: ANSWER_MAX }) };
    else this.errors = {};
    if (this.errors.answer) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#${this.base}-text`)?.focus();
      return;
    }
    this.busy = true;
    try {
      const proposal = await proposalsApi.answer(this.api, this.proposal.id, { state: this.answerState, answer: text, publish });
      this.done = publish ? t('proposals:answer.published') : t('proposals:answer.draftSaved');
      this.draftSaved = !publish;
      emit(this, 'mesa-announce', { message: this.done });
      this.saved(proposal);
    } catch (err) {
      this.errors = fieldErrorsFrom(t, err, byField(['state', 'answer']));
    } finally {
      this.busy = false;
    }
  }

  private async toggleHidden(): Promise<void> {
    const { t } = this.i18n;
    const hidden = !this.proposal.hidden;
    this.hideError = '';
    this.busy = true;
    try {
      await moderationApi.setHidden(this.api, 'proposals', this.proposal.id, hidden);
      this.saved({ ...this.proposal, hidden });
      emit(this, 'mesa-announce', { message: hidden ? t('moderation:hidden') : t('moderation:unhidden') });
    } catch (err) {
      this.hideError = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { t } = this.i18n;
    const p = this.proposal;
    const a = p.answer ?? p.draftAnswer ?? null;
    const e = this.errors;
    return html`
      <section class="admin-panel" aria-labelledby="${this.base}-heading">
        <h2 id="${this.base}-heading">${t('proposals:answer.adminHeading')}</h2>
        <p class="hint">
          ${a?.publishedAt ? t('proposals:answer.isPublished') : this.draftSaved || a ? t('proposals:answer.isDraft') : t('proposals:answer.none')}
        </p>
        ${e[''] ? html`<p class="alert alert--error" role="alert">${e['']}</p>` : nothing}
        <form novalidate @submit=${this.submit}>
          <mesa-field fieldId="${this.base}-state" name="state" type="select" .value=${this.answerState}
            .label=${t('proposals:answer.state')} .error=${e.state ?? ''}
            .options=${ANSWER_STATES.map((s) => ({ value: s, label: t(`proposals:state.${s}`) }))}></mesa-field>
          <mesa-field fieldId="${this.base}-text" name="answer" type="textarea" .value=${this.text} .countMax=${ANSWER_MAX}
            .label=${t('proposals:answer.text')} .hint=${t('proposals:answer.textHint')} .error=${e.answer ?? ''}></mesa-field>
          <div class="actions">
            <button type="submit" class="button" value="publish" ?disabled=${this.busy}>${t('proposals:answer.publish')}</button>
            <button type="submit" class="button button--secondary" value="draft" ?disabled=${this.busy}>${t('proposals:answer.saveDraft')}</button>
          </div>
        </form>
        ${this.done ? html`<p class="alert alert--success">${this.done}</p>` : nothing}
        <h3>${t('moderation:heading')}</h3>
        <p class="hint">${p.hidden ? t('moderation:proposalHidden') : t('moderation:proposalVisible')}</p>
        <button type="button" class="button button--secondary" ?disabled=${this.busy} @click=${this.toggleHidden}>
          ${p.hidden ? t('moderation:unhide') : t('moderation:hide')}
        </button>
        ${this.hideError ? html`<p class="alert alert--error" role="alert">${this.hideError}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-admin': MesaProposalAdmin;
  }
  interface GlobalEventHandlersEventMap {
    /** An admin action changed the proposal; carries its new version. */
    'mesa-proposal-saved': CustomEvent<{ proposal: Proposal }>;
  }
}
