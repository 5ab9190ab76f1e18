import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { dotsUsed, withDots, type DotsBallot } from './ballot-model.ts';
import { emitBallot, type ItemLabel } from './ballot-events.ts';

/** Dot voting: a − and + button per item, the dots placed on it, and the dots still to place. */
@customElement('mesa-dots-ballot')
export class MesaDotsBallot extends LightElement {
  @property({ attribute: false }) items: ItemLabel[] = [];
  @property({ attribute: false }) ballot: DotsBallot = { dots: {} };
  @property({ type: Number }) dotsPerParticipant = 5;
  @property({ type: Number }) maxDotsPerItem = 3;
  @property({ type: Boolean }) disabled = false;
  /** Server errors by proposal id ('' for the ballot as a whole). */
  @property({ attribute: false }) errors: Record<string, string> = {};
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private change(id: string, delta: number): void {
    const next = withDots(this.ballot, { dotsPerParticipant: this.dotsPerParticipant, maxDotsPerItem: this.maxDotsPerItem }, id, delta);
    if (next !== this.ballot) emitBallot(this, { ballot: next, proposalId: id });
  }

  override render() {
    const { t } = this.i18n;
    const left = this.dotsPerParticipant - dotsUsed(this.ballot);
    return html`
      <p class="dots-left" aria-live="polite"><strong>${t('rounds:dots.left', { count: left, total: this.dotsPerParticipant })}</strong>
        <span class="muted">${t('rounds:dots.perItem', { count: this.maxDotsPerItem })}</span></p>
      ${this.errors[''] ? html`<p class="field__error">${this.errors['']}</p>` : nothing}
      <ul class="dots-list">
        ${this.items.map((item) => {
          const n = this.ballot.dots[item.id] ?? 0;
          return html`<li class="dots-item">
            <div class="dots-item__text">
              ${item.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}
              <span lang=${item.lang ?? nothing}>${item.title}</span>
              ${this.errors[item.id] ? html`<p class="field__error">${this.errors[item.id]}</p>` : nothing}
            </div>
            <div class="stepper" role="group" aria-label=${item.title}>
              <button type="button" class="stepper__button" data-dots="minus" aria-label=${t('rounds:dots.remove', { title: item.title })}
                ?disabled=${this.disabled || n === 0} @click=${() => this.change(item.id, -1)}>−</button>
              <span class="stepper__count">
                <span aria-hidden="true">${n}</span><span class="visually-hidden">${t('rounds:dots.on', { count: n })}</span>
                <span class="dots-pips" aria-hidden="true">${Array.from({ length: n }, () => html`<span class="pip"></span>`)}</span>
              </span>
              <button type="button" class="stepper__button" data-dots="plus" aria-label=${t('rounds:dots.add', { title: item.title })}
                ?disabled=${this.disabled || left === 0 || n >= this.maxDotsPerItem} @click=${() => this.change(item.id, 1)}>+</button>
            </div>
          </li>`;
        })}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-dots-ballot': MesaDotsBallot;
  }
}
