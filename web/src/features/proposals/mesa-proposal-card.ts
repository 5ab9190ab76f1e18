import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Proposal } from './proposals-api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { proposalPath } from './proposal-model.ts';
import './mesa-state-badge.ts';
import './mesa-support-button.ts';
import { emit } from '../../events.ts';

/** One proposal in a list: reference, title, area, sector, supports (with the button) and comments. */
@customElement('mesa-proposal-card')
export class MesaProposalCard extends LightElement {
  @property({ attribute: false }) proposal!: Proposal;
  @property({ type: Boolean }) canSupport = false;
  /** Admin merge selection: show a checkbox. */
  @property({ type: Boolean }) selectable = false;
  @property({ type: Boolean }) selected = false;
  /** Just arrived through a live update: highlighted for a moment. */
  @property({ type: Boolean }) fresh = false;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private toggleSelected(event: Event): void {
    const selected = (event.target as HTMLInputElement).checked;
    emit(this, 'mesa-select-proposal', { proposalId: this.proposal.id, selected });
  }

  override render() {
    const { t, formatDate } = this.i18n;
    const p = this.proposal;
    const headingId = `proposal-${p.id}-title`;
    return html`
      <article class="card proposal-card ${this.fresh ? 'proposal-card--fresh' : ''} ${p.hidden ? 'proposal-card--hidden' : ''}"
        aria-labelledby=${headingId}>
        <p class="proposal-card__meta">
          <span class="proposal-card__ref">${p.reference}</span>
          <span class="tag">${t(`area.${p.area}`)}</span>
          ${p.state !== 'submitted' ? html`<mesa-state-badge .state=${p.state}></mesa-state-badge>` : nothing}
          ${p.hidden ? html`<span class="badge badge--warning">${t('moderation:hiddenBadge')}</span>` : nothing}
        </p>
        <h3 class="proposal-card__title" id=${headingId} lang=${p.lang}>
          <a href=${proposalPath(p.id)}>${p.title}</a>
        </h3>
        <p class="proposal-card__who">
          ${t(`sector.${p.sector}`)}${p.organisation ? html` · <span lang=${p.lang}>${p.organisation}</span>` : nothing}
          · <time datetime=${p.createdAt}>${formatDate(p.createdAt, { dateStyle: 'medium' })}</time>
        </p>
        <div class="proposal-card__actions">
          <mesa-support-button .proposalId=${p.id} .proposalTitle=${p.title} .supports=${p.supports}
            .supported=${p.supportedByMe} .canSupport=${this.canSupport && p.state !== 'withdrawn' && p.state !== 'merged'}></mesa-support-button>
          <a class="proposal-card__comments" href="${proposalPath(p.id)}#comments">${t('proposals:card.comments', { count: p.commentsCount })}</a>
        </div>
        ${this.selectable
          ? html`<label class="check proposal-card__select">
              <input type="checkbox" .checked=${this.selected} @change=${this.toggleSelected} />
              ${t('proposals:merge.select', { reference: p.reference })}
            </label>`
          : nothing}
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-card': MesaProposalCard;
  }
  interface GlobalEventHandlersEventMap {
    /** An admin ticked or unticked a proposal for merging. */
    'mesa-select-proposal': CustomEvent<{ proposalId: string; selected: boolean }>;
  }
}
