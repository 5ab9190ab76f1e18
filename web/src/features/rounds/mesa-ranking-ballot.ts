import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { moved, type RankingBallot } from './ballot-model.ts';
import { emitBallot, type ItemLabel } from './ballot-events.ts';

/** Ranking: add items to an ordered list, move them up or down, or take them out. */
@customElement('mesa-ranking-ballot')
export class MesaRankingBallot extends LightElement {
  @property({ attribute: false }) items: ItemLabel[] = [];
  @property({ attribute: false }) ballot: RankingBallot = { ranking: [] };
  @property({ type: Number }) maxRanked = 5;
  @property({ type: Boolean }) disabled = false;
  @property({ attribute: false }) errors: Record<string, string> = {};
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private set(ranking: string[], id: string, focus: string): void {
    emitBallot(this, { ballot: { ranking }, proposalId: id });
    // Keep the keyboard where it was: on the same control of the same item, or the nearest one left.
    void this.updateComplete.then(() => requestAnimationFrame(() => {
      const item = `[data-item="${CSS.escape(id)}"]`;
      const target = this.querySelector<HTMLButtonElement>(`${item}[data-action="${focus}"]:not([disabled])`)
        ?? this.querySelector<HTMLButtonElement>(`${item}:not([disabled])`)
        ?? this.querySelector<HTMLButtonElement>('.ranking button:not([disabled])');
      target?.focus();
    }));
  }

  override render() {
    const { t } = this.i18n;
    const ranked = this.ballot.ranking;
    const byId = new Map(this.items.map((i) => [i.id, i]));
    const rest = this.items.filter((i) => !ranked.includes(i.id));
    const full = ranked.length >= this.maxRanked;
    const label = (item: ItemLabel | undefined, id: string) => html`${item?.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}<span lang=${item?.lang ?? nothing}>${item?.title ?? id}</span>`;
    return html`<div class="ranking">
      <h3>${t('rounds:ranking.yours', { count: ranked.length, max: this.maxRanked })}</h3>
      ${this.errors[''] ? html`<p class="field__error">${this.errors['']}</p>` : nothing}
      ${ranked.length === 0 ? html`<p class="muted">${t('rounds:ranking.empty')}</p>` : nothing}
      <ol class="ranking__list">
        ${repeat(ranked, (id) => id, (id, i) => {
          const item = byId.get(id);
          const title = item?.title ?? id;
          return html`<li class="ranking__item">
            <span class="ranking__pos" aria-hidden="true">${i + 1}</span>
            <span class="ranking__text">${label(item, id)}${this.errors[id] ? html`<span class="field__error">${this.errors[id]}</span>` : nothing}</span>
            <span class="ranking__buttons">
              <button type="button" class="icon-button" data-item=${id} data-action="up" aria-label=${t('rounds:ranking.up', { title, position: i + 1 })}
                ?disabled=${this.disabled || i === 0} @click=${() => this.set(moved(ranked, id, -1), id, 'up')}>↑</button>
              <button type="button" class="icon-button" data-item=${id} data-action="down" aria-label=${t('rounds:ranking.down', { title, position: i + 1 })}
                ?disabled=${this.disabled || i === ranked.length - 1} @click=${() => this.set(moved(ranked, id, 1), id, 'down')}>↓</button>
              <button type="button" class="icon-button" data-item=${id} data-action="remove" aria-label=${t('rounds:ranking.remove', { title })}
                ?disabled=${this.disabled} @click=${() => this.set(ranked.filter((x) => x !== id), id, 'add')}>✕</button>
            </span>
          </li>`;
        })}
      </ol>
      ${rest.length
        ? html`<h3>${t('rounds:ranking.others')}</h3>
            ${full ? html`<p class="muted">${t('rounds:ranking.full', { max: this.maxRanked })}</p>` : nothing}
            <ul class="ranking__rest">
              ${repeat(rest, (i) => i.id, (item) => html`<li class="ranking__item">
                <span class="ranking__text">${label(item, item.id)}</span>
                <button type="button" class="button button--secondary button--small" data-item=${item.id} data-action="add"
                  aria-label=${t('rounds:ranking.add', { title: item.title })} ?disabled=${this.disabled || full}
                  @click=${() => this.set([...ranked, item.id], item.id, 'up')}>${t('rounds:ranking.addShort')}</button>
              </li>`)}
            </ul>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-ranking-ballot': MesaRankingBallot;
  }
}
