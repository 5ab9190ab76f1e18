import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { SCALE, withScore, type CriteriaBallot } from './ballot-model.ts';
import { emitBallot } from './ballot-events.ts';
import { criterionLabel } from './method-text.ts';

/**
 * The scores of one proposal: a radio group (fieldset and legend) from 1 to 5 per criterion.
 * Arrow keys move and choose within a group, Tab goes to the next criterion; each choice is
 * sent up at once as the whole new ballot.
 */
@customElement('mesa-criteria-scorer')
export class MesaCriteriaScorer extends LightElement {
  @property() proposalId = '';
  @property() proposalTitle = '';
  @property({ attribute: false }) criteria: Array<{ key: string; weight: number }> = [];
  @property({ attribute: false }) ballot: CriteriaBallot = { scores: {} };
  @property({ type: Boolean }) disabled = false;
  /** An error from the server about this proposal. */
  @property() error = '';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly base = uid('score');

  private choose(criterion: string, value: number): void {
    emitBallot(this, { ballot: withScore(this.ballot, this.proposalId, criterion, value), proposalId: this.proposalId });
  }

  override render() {
    const { t } = this.i18n;
    const mine = this.ballot.scores[this.proposalId] ?? {};
    return html`<div class="scorer" data-proposal=${this.proposalId}>
      ${this.error ? html`<p class="field__error" id="${this.base}-error">${this.error}</p>` : ''}
      ${this.criteria.map((c) => {
        const name = `${this.base}-${c.key}`;
        const hintId = `${name}-hint`;
        return html`<fieldset class="scale" data-criterion=${c.key} aria-describedby=${hintId}>
          <legend>${criterionLabel(t, c.key)}<span class="visually-hidden">: ${this.proposalTitle}</span></legend>
          <p class="scale__hint" id=${hintId}>${t('rounds:scoring.scaleHint')}</p>
          <div class="scale__options">
            ${SCALE.map((v) => html`<label class="scale__option">
              <input type="radio" name=${name} value=${v} .checked=${mine[c.key] === v} ?disabled=${this.disabled}
                @change=${() => this.choose(c.key, v)} />
              <span class="scale__value">${v}</span>
              <span class="visually-hidden">${t(`rounds:scoring.scale.${v}`)}</span>
            </label>`)}
          </div>
        </fieldset>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-criteria-scorer': MesaCriteriaScorer;
  }
}
