import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-countdown.ts';
import { serverOffset } from './server-clock.ts';
import type { Round } from '../rounds/rounds-api.ts';
import type { Tally, TableMember, Workshop } from './workshops-api.ts';
import './mesa-tally-view.ts';
import './mesa-workshop-vote.ts';

/** A participant's breakout table: its number, who sits there, and the table's own round to vote in. */
@customElement('mesa-my-table')
export class MesaMyTable extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  @property({ attribute: false }) members: TableMember[] = [];
  @property({ attribute: false }) round: Round | null = null;
  @property({ attribute: false }) tally: Tally | null = null;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private renderRound() {
    const { t } = this.i18n;
    const round = this.round;
    const tally = this.tally;
    if (!round) return html`<p class="muted">${t('workshops:myTable.noRound')}</p>`;
    const open = round.state === 'open';
    return html`<div class="round-card table-round" data-round=${round.id} data-state=${round.state}>
      <p class="round-card__meta">
        <span class="badge ${open ? 'badge--open' : 'badge--closed'}">${t(`rounds:state.${round.state}`)}</span>
        <span>${t(`rounds:method.${round.method}`)}</span>
      </p>
      <h3>${round.title}</h3>
      ${open && round.closesAt
        ? html`<mesa-countdown .until=${round.closesAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>`
        : nothing}
      ${open ? html`<mesa-workshop-vote .round=${round} .workshop=${this.workshop}></mesa-workshop-vote>` : html`<p class="alert alert--info">${t('workshops:view.roundClosed')}</p>`}
      <mesa-tally-view .tally=${tally} .round=${round} .workshop=${this.workshop}></mesa-tally-view>
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    const n = this.workshop.me?.table;
    if (!n) return nothing;
    const me = this.workshop.me!.key;
    return html`<section class="my-table" aria-labelledby="my-table-heading" data-table=${n}>
      <h2 id="my-table-heading">${t('workshops:myTable.heading', { n })}</h2>
      ${this.members.length
        ? html`<p class="my-table__members-label">${t('workshops:myTable.members', { count: this.members.length })}</p>
            <ul class="my-table__members">${this.members.map((m) => html`<li>${m.key === me ? t('workshops:myTable.you', { name: m.displayName }) : m.displayName}</li>`)}</ul>`
        : nothing}
      ${this.renderRound()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-my-table': MesaMyTable;
  }
}
