import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi } from '../proposals/proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { resultsPath } from '../rounds/rounds-api.ts';
import { itemTitles, type Outcome, type Workshop } from './workshops-api.ts';

/** The recorded outcome of a closed workshop: attendance by sector, and each round's top proposals. */
@customElement('mesa-outcome')
export class MesaOutcome extends LightElement {
  @property({ attribute: false }) outcome!: Outcome;
  /** When known, the agenda gives the titles; otherwise they are fetched. */
  @property({ attribute: false }) workshop: Workshop | null = null;
  @property({ type: Number }) headingLevel = 2;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private titles = new Map<string, { title: string; reference?: string }>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('outcome') || changed.has('workshop')) {
      this.titles = itemTitles(this.workshop);
      const missing = [...new Set(this.outcome.rounds.flatMap((r) => r.top.map((i) => i.proposalId)))].filter((id) => !this.titles.has(id) && /^[0-9a-f-]{36}$/.test(id));
      if (missing.length) void this.fetchTitles(missing);
    }
  }

  private async fetchTitles(ids: string[]): Promise<void> {
    const found = await Promise.all(ids.map((id) => proposalsApi.get(this.api, id).catch(() => null)));
    const next = new Map(this.titles);
    for (const p of found) if (p) next.set(p.id, { title: p.title, reference: p.reference });
    this.titles = next;
  }

  override render() {
    const { t, formatDate, lng } = this.i18n;
    const o = this.outcome;
    const nf = new Intl.NumberFormat(lng, { maximumFractionDigits: 2 });
    const sectors = Object.entries(o.attendance.bySector).sort(([a], [b]) => a.localeCompare(b));
    const h = (text: string) => (this.headingLevel <= 3 ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
    return html`<div class="outcome">
      <p>${t('workshops:outcome.closedOn', { date: formatDate(o.closedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
      <p><strong>${t('workshops:outcome.attendance', { count: o.attendance.total })}</strong> · ${t('workshops:outcome.guests', { count: o.attendance.guests })}</p>
      ${sectors.length ? html`<ul class="sector-counts">${sectors.map(([s, n]) => html`<li>${t(`sector.${s}` as 'sector.resident')} <strong>${n}</strong></li>`)}</ul>` : nothing}
      ${o.rounds.map((r) => html`<div class="outcome__round">
        ${h(r.title)}
        <p class="muted">${t(`rounds:method.${r.method}` as 'rounds:method.dots')} · ${t('workshops:outcome.participants', { count: r.participants })}
          · <a href=${resultsPath(r.roundId)}>${t('workshops:outcome.results')}</a></p>
        ${r.top.length
          ? html`<ol class="outcome__top">${r.top.map((i) => {
              const item = this.titles.get(i.proposalId);
              return html`<li value=${i.rank}>${item?.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}${item?.title ?? i.proposalId}
                <span class="muted">(${nf.format(i.score)})</span></li>`;
            })}</ol>`
          : nothing}
      </div>`)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-outcome': MesaOutcome;
  }
}
