import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { moderationApi } from '../moderation/moderation-api.ts';
import { proposalsApi, type Proposal } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { byField } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
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
  /** A draft was saved from this page (the API also says so, as `draftAnswer`). */
  @state() private draftSaved = false;
  private readonly base = uid('answer');
  private readonly answerForm: FormController = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(['state', 'answer']),
    focus: () => (this.answerForm.errors.answer ? this.querySelector<HTMLElement>(`#${this.base}-text`) : null),
  });
  private readonly hideAction = new FormController(this, { t: () => this.i18n.t });
  private loadedFor = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proposal') && this.proposal && this.proposal.id !== this.loadedFor) {
      this.loadedFor = this.proposal.id;
      // The published answer, else the draft the API gives back to admins (so a reload shows it).
      const a = this.proposal.answer ?? this.proposal.draftAnswer ?? null;
      this.answerState = a && (ANSWER_STATES as readonly string[]).includes(a.state) ? (a.state as AnswerState) : 'evaluating';
      this.text = a?.text ?? '';
      this.answerForm.clear();
      this.draftSaved = false;
    }
  }

  private saved(proposal: Proposal): void {
    emit(this, 'mesa-proposal-saved', { proposal });
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const publish = (event.submitter as HTMLButtonElement | null)?.value === 'publish';
    const form = event.target as HTMLFormElement;
    this.text = (new FormData(form).get('answer') as string | null) ?? '';
    this.answerState = (new FormData(form).get('state') as AnswerState | null) ?? this.answerState;
    const text = this.text.trim();
    const error = !text ? t('proposals:answer.errors.required') : text.length > ANSWER_MAX ? t('proposals:answer.errors.long', { max: ANSWER_MAX }) : '';
    if (!this.answerForm.check(error ? { answer: error } : {})) return;
    const proposal = await this.answerForm.run(() => proposalsApi.answer(this.api, this.proposal.id, { state: this.answerState, answer: text, publish }), {
      done: () => (publish ? t('proposals:answer.published') : t('proposals:answer.draftSaved')),
    });
    if (!proposal) return;
    this.draftSaved = !publish;
    this.saved(proposal);
  }

  private async toggleHidden(): Promise<void> {
    const { t } = this.i18n;
    const hidden = !this.proposal.hidden;
    const proposal = this.proposal;
    const ok = await this.hideAction.run(async () => {
      await moderationApi.setHidden(this.api, 'proposals', proposal.id, hidden);
      return true;
    });
    if (!ok) return;
    this.saved({ ...proposal, hidden });
    emit(this, 'mesa-announce', { message: hidden ? t('moderation:hidden') : t('moderation:unhidden') });
  }

  override render() {
    const { t } = this.i18n;
    const p = this.proposal;
    const a = p.answer ?? p.draftAnswer ?? null;
    const e = this.answerForm.errors;
    const busy = this.answerForm.busy || this.hideAction.busy;
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
            <button type="submit" class="button" value="publish" ?disabled=${busy}>${t('proposals:answer.publish')}</button>
            <button type="submit" class="button button--secondary" value="draft" ?disabled=${busy}>${t('proposals:answer.saveDraft')}</button>
          </div>
        </form>
        ${this.answerForm.done ? html`<p class="alert alert--success">${this.answerForm.done}</p>` : nothing}
        <h3>${t('moderation:heading')}</h3>
        <p class="hint">${p.hidden ? t('moderation:proposalHidden') : t('moderation:proposalVisible')}</p>
        <button type="button" class="button button--secondary" ?disabled=${busy} @click=${this.toggleHidden}>
          ${p.hidden ? t('moderation:unhide') : t('moderation:hide')}
        </button>
        ${this.hideAction.error ? html`<p class="alert alert--error" role="alert">${this.hideAction.error}</p>` : nothing}
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
