import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ProposalFacets, ProposalFilters, ProposalSort } from './proposals-api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { POLICY_AREAS, PROPOSAL_STATES, SECTORS } from './proposal-model.ts';
import { PROPOSAL_SORTS } from '@mesa/shared/values';
import { emit } from '../../events.ts';

const SEARCH_DELAY_MS = 400;

/** Filters (area, sector, state, with counts), search and sort of a proposal list; sends `mesa-filters-changed`. */
@customElement('mesa-proposal-filters')
export class MesaProposalFilters extends LightElement {
  @property({ attribute: false }) filters: ProposalFilters = { sort: 'recent' };
  @property({ attribute: false }) facets: ProposalFacets | undefined;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly base = uid('filters');
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  private send(patch: Partial<ProposalFilters>): void {
    const filters = { ...this.filters, ...patch };
    for (const key of ['area', 'sector', 'state', 'q'] as const) if (!filters[key]) delete filters[key];
    emit(this, 'mesa-filters-changed', filters);
  }

  private onSearchInput(event: Event): void {
    const q = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      if ((q.trim() || undefined) !== (this.filters.q?.trim() || undefined)) this.send({ q });
    }, SEARCH_DELAY_MS);
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    const q = (this.querySelector<HTMLInputElement>(`#${this.base}-q`)?.value ?? '').trim();
    this.send({ q });
  }

  private select(name: 'area' | 'sector' | 'state', values: readonly string[], label: (v: string) => string) {
    const { t } = this.i18n;
    const counts = this.facets?.[name];
    const id = `${this.base}-${name}`;
    const current = this.filters[name] ?? '';
    const withCount = (text: string, n: number | undefined) => (n === undefined ? text : `${text} (${n})`);
    return html`
      <div class="field">
        <label for=${id}>${t(`proposals:filters.${name}`)}</label>
        <select id=${id} @change=${(e: Event) => this.send({ [name]: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${current === ''}>${t(`proposals:filters.all.${name}`)}</option>
          ${values.map((v) => html`<option value=${v} ?selected=${current === v}>${withCount(label(v), counts ? (counts[v] ?? 0) : undefined)}</option>`)}
        </select>
      </div>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const f = this.filters;
    const active = !!(f.area || f.sector || f.state || f.q);
    return html`
      <form class="filters" role="search" aria-label=${t('proposals:filters.label')} @submit=${this.onSubmit}>
        <div class="filters__search field">
          <label for="${this.base}-q">${t('proposals:filters.search')}</label>
          <div class="search-row">
            <input id="${this.base}-q" type="search" name="q" .value=${f.q ?? ''} @input=${this.onSearchInput}
              aria-describedby="${this.base}-q-hint" />
            <button type="submit" class="button button--secondary">${t('proposals:filters.searchButton')}</button>
          </div>
          <p class="hint" id="${this.base}-q-hint">${t('proposals:filters.searchHint')}</p>
        </div>
        <div class="filters__row">
          ${this.select('area', POLICY_AREAS, (v) => t(`area.${v}` as 'area.justice'))}
          ${this.select('sector', SECTORS, (v) => t(`sector.${v}` as 'sector.resident'))}
          ${this.select('state', PROPOSAL_STATES, (v) => t(`proposals:state.${v}` as 'proposals:state.submitted'))}
          <div class="field">
            <label for="${this.base}-sort">${t('proposals:filters.sort')}</label>
            <select id="${this.base}-sort" @change=${(e: Event) => this.send({ sort: (e.target as HTMLSelectElement).value as ProposalSort })}>
              ${PROPOSAL_SORTS.map((s) => html`<option value=${s} ?selected=${f.sort === s}>${t(`proposals:sort.${s}`)}</option>`)}
            </select>
          </div>
        </div>
        ${active
          ? html`<button type="button" class="link-button" @click=${() => this.send({ area: '', sector: '', state: '', q: '' })}>
              ${t('proposals:filters.clear')}
            </button>`
          : ''}
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-filters': MesaProposalFilters;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-filters-changed': CustomEvent<ProposalFilters>;
  }
}
