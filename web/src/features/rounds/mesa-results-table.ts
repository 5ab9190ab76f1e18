import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { criterionLabel } from './method-text.ts';
import type { ResultsItem } from './rounds-api.ts';

type Column = { key: string; label: string; value: (i: ResultsItem) => number | string | undefined; numeric: boolean };
type Direction = 'ascending' | 'descending';

/**
 * The results as a table, sortable by each column: the header buttons sort (a second press
 * reverses), and aria-sort says which column leads and how.
 */
@customElement('mesa-results-table')
export class MesaResultsTable extends LightElement {
  @property({ attribute: false }) items: ResultsItem[] = [];
  @property({ attribute: false }) criteria: string[] = [];
  @property({ attribute: false }) sectors: string[] = [];
  @property() caption = '';
  @property() tableId = 'results-table';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private sortKey = 'rank';
  @state() private direction: Direction = 'ascending';

  private columns(): Column[] {
    const { t } = this.i18n;
    return [
      { key: 'rank', label: t('rounds:results.rank'), value: (i) => i.rank, numeric: true },
      { key: 'title', label: t('rounds:results.proposal'), value: (i) => `${i.reference ?? ''} ${i.title ?? i.proposalId}`.trim(), numeric: false },
      { key: 'score', label: t('rounds:results.score'), value: (i) => i.score, numeric: true },
      { key: 'ballots', label: t('rounds:results.ballots'), value: (i) => i.ballots, numeric: true },
      ...this.criteria.map((c) => ({ key: `c:${c}`, label: criterionLabel(t, c), value: (i: ResultsItem) => i.criteria?.[c], numeric: true })),
      ...this.sectors.map((s) => ({ key: `s:${s}`, label: t(`sector.${s}` as 'sector.resident'), value: (i: ResultsItem) => i.bySector[s], numeric: true })),
    ];
  }

  private sortBy(key: string, numeric: boolean): void {
    if (this.sortKey === key) this.direction = this.direction === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      // Rank and titles read best from the top; scores from the highest.
      this.direction = key === 'rank' || !numeric ? 'ascending' : 'descending';
    }
  }

  private sorted(columns: Column[]): ResultsItem[] {
    const col = columns.find((c) => c.key === this.sortKey) ?? columns[0]!;
    const sign = this.direction === 'ascending' ? 1 : -1;
    return [...this.items].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      if (va === undefined && vb === undefined) return a.rank - b.rank;
      if (va === undefined) return 1; // blanks last whatever the direction
      if (vb === undefined) return -1;
      const diff = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), this.i18n.lng);
      return diff === 0 ? a.rank - b.rank : sign * diff;
    });
  }

  override render() {
    const { t, lng } = this.i18n;
    const nf = new Intl.NumberFormat(lng, { maximumFractionDigits: 2 });
    const columns = this.columns();
    return html`<div class="table-wrap results-wrap" tabindex="0" role="region" aria-labelledby="${this.tableId}-caption">
      <table class="table results-table" id=${this.tableId}>
        <caption id="${this.tableId}-caption">${this.caption}
          <span class="visually-hidden">${t('rounds:results.sortHint')}</span></caption>
        <thead><tr>
          ${columns.map((c) => {
            const active = c.key === this.sortKey;
            return html`<th scope="col" aria-sort=${active ? this.direction : 'none'} class=${c.numeric ? 'num' : ''}>
              <button type="button" class="sort-button" @click=${() => this.sortBy(c.key, c.numeric)}>
                ${c.label}<span class="sort-button__icon" aria-hidden="true">${active ? (this.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
              </button>
            </th>`;
          })}
        </tr></thead>
        <tbody>
          ${this.sorted(columns).map((i) => html`<tr data-proposal=${i.proposalId}>
            <td class="num">${i.rank}</td>
            <th scope="row">${i.title
              ? html`<a href="/proposals/${encodeURIComponent(i.proposalId)}">${i.reference ? html`<span class="proposal-card__ref">${i.reference}</span> ` : nothing}${i.title}</a>`
              : i.proposalId}</th>
            <td class="num">${nf.format(i.score)}</td>
            <td class="num">${i.ballots}</td>
            ${this.criteria.map((c) => html`<td class="num">${i.criteria?.[c] === undefined ? '–' : nf.format(i.criteria[c]!)}</td>`)}
            ${this.sectors.map((s) => html`<td class="num">${i.bySector[s] === undefined ? '–' : nf.format(i.bySector[s]!)}</td>`)}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-results-table': MesaResultsTable;
  }
}
