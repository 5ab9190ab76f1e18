import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-bar-chart.ts';
import type { Round } from '../rounds/rounds-api.ts';
import { itemTitles, type Tally, type Workshop } from './workshops-api.ts';

/** A round's tally: how many voted, and once revealed or closed, the results as bars (largest first). */
@customElement('mesa-tally-view')
export class MesaTallyView extends LightElement {
  @property({ attribute: false }) tally: Tally | null = null;
  @property({ attribute: false }) round: Round | null = null;
  @property({ attribute: false }) workshop: Workshop | null = null;
  /** Bigger text for the projector. */
  @property({ type: Boolean }) large = false;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t, lng } = this.i18n;
    const tally = this.tally;
    const round = this.round;
    if (!tally || !round || tally.roundId !== round.id) return nothing;
    const titles = itemTitles(this.workshop);
    const nf = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 });
    const shown = tally.items !== null && (tally.revealed || tally.state === 'closed');
    const bars = shown
      ? [...tally.items!].sort((a, b) => a.rank - b.rank).map((i) => {
          const item = titles.get(i.proposalId);
          return { id: i.proposalId, label: item ? `${item.reference ? `${item.reference} ` : ''}${item.title}` : i.proposalId, value: i.score, valueText: nf.format(i.score) };
        })
      : [];
    return html`<div class="tally" data-state=${tally.state} data-revealed=${shown ? 'true' : 'false'}>
      <p class="tally__count"><strong data-voters=${tally.participants}>${t('workshops:tally.voters', { count: tally.participants })}</strong></p>
      ${shown
        ? html`<h3 class="tally__heading">${t(tally.state === 'closed' ? 'workshops:tally.final' : 'workshops:tally.revealed')}</h3>
            <mesa-bar-chart .bars=${bars} .size=${this.large ? 26 : 16} .name=${t(`workshops:tally.unit.${round.method}` as 'workshops:tally.unit.dots')}></mesa-bar-chart>`
        : html`<p class="muted">${t('workshops:tally.hidden')}</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-tally-view': MesaTallyView;
  }
}
