import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-scatter-chart.ts';
import { criterionLabel, describeRound } from './method-text.ts';
import { roundsApi, type Round, type RoundResults } from './rounds-api.ts';
import './mesa-results-table.ts';
import './rounds.css';

/**
 * The results of a round (`/rounds/:id/results`): how it counts, final or running, who took
 * part by sector, the sortable table, the feasibility × impact chart for criteria rounds,
 * downloads, and for admins the selection of the top proposals for drafting.
 */
@customElement('mesa-round-results')
export class MesaRoundResults extends LightElement {
  @property() roundId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private round: Round | null = null;
  @state() private results: RoundResults | null = null;
  @state() private error: unknown = null;
  @state() private topN = 5;
  @state() private selecting = false;
  @state() private selectionNote = '';
  @state() private selectionError = '';
  private loadedFor = '';
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ids = uid('results');

  // Running results change as ballots come in: the process room says when.
  private readonly room = new RoomController(this, {
    room: () => (this.round && !this.round.workshopId && this.results && !this.results.final ? `process:${this.round.processSlug}` : null),
    onEvent: (event, data) => {
      const d = data as { roundId?: string };
      if ((event === 'rounds/tally' || event === 'rounds/closed') && d?.roundId === this.roundId) this.reloadSoon();
    },
    onResync: () => this.reloadSoon(),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    const who = this.session.ready ? `${this.roundId}|${this.session.user?.id ?? ''}` : '';
    if (who && (changed.has('roundId') || who !== this.loadedFor)) {
      this.loadedFor = who;
      void this.load(false);
    }
  }

  override disconnectedCallback(): void {
    clearTimeout(this.reloadTimer);
    super.disconnectedCallback();
  }

  protected override updated(): void {
    const title = this.round ? this.i18n.t('rounds:results.pageTitle', { title: this.round.title }) : '';
    if (title && document.title.indexOf(title) !== 0) emit(this, 'mesa-title', { title });
  }

  private reloadSoon(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(true), 300);
  }

  private async load(quiet: boolean): Promise<void> {
    const id = this.roundId;
    if (!quiet) {
      this.round = null;
      this.results = null;
      this.error = null;
    }
    try {
      const round = await roundsApi.get(this.api, id);
      if (id !== this.roundId) return;
      this.round = round;
      const results = await roundsApi.results(this.api, id);
      if (id !== this.roundId) return;
      this.results = results;
      this.error = null;
      this.topN = Math.min(this.topN, results.items.length) || Math.min(5, results.items.length);
    } catch (err) {
      if (id === this.roundId && !quiet) this.error = err;
    }
  }

  private async select(e: Event): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const results = this.results;
    const round = this.round;
    if (!results || !round) return;
    const n = Math.max(0, Math.min(results.items.length, Math.floor(this.topN)));
    const ids = [...results.items].sort((a, b) => a.rank - b.rank).slice(0, n).map((i) => i.proposalId);
    this.selecting = true;
    this.selectionNote = '';
    this.selectionError = '';
    try {
      const { selected } = await roundsApi.select(this.api, round.processSlug, ids);
      this.selectionNote = t('rounds:selection.done', { count: selected });
      emit(this, 'mesa-announce', { message: this.selectionNote });
    } catch (err) {
      this.selectionError = problemMessage(t, err);
    } finally {
      this.selecting = false;
    }
  }

  private renderSelection(results: RoundResults) {
    const { t } = this.i18n;
    if (!isAdmin(this.session.user) || !results.items.length) return nothing;
    const inputId = `${this.ids}-top`;
    return html`<section class="admin-panel" aria-labelledby="${this.ids}-selection">
      <h2 id="${this.ids}-selection">${t('rounds:selection.heading')}</h2>
      <p class="hint">${t('rounds:selection.hint')}</p>
      <form class="inline-form" novalidate @submit=${this.select}>
        <div class="field">
          <label for=${inputId}>${t('rounds:selection.count')}</label>
          <input id=${inputId} type="number" inputmode="numeric" min="1" max=${results.items.length} .value=${String(this.topN)}
            @input=${(e: Event) => (this.topN = Number((e.target as HTMLInputElement).value) || 0)} />
        </div>
        <button class="button" type="submit" ?disabled=${this.selecting || this.topN < 1}>${t('rounds:selection.submit', { count: this.topN })}</button>
      </form>
      ${results.final ? nothing : html`<p class="alert alert--info">${t('rounds:selection.notFinal')}</p>`}
      ${this.selectionNote ? html`<p class="alert alert--success">${this.selectionNote}</p>` : nothing}
      ${this.selectionError ? html`<p class="alert alert--error" role="alert">${this.selectionError}</p>` : nothing}
    </section>`;
  }

  private renderChart(results: RoundResults) {
    const { t } = this.i18n;
    const withBoth = results.items.filter((i) => i.criteria?.feasibility !== undefined && i.criteria?.impact !== undefined);
    if (results.method !== 'criteria' || !withBoth.length) return nothing;
    const quick = withBoth.filter((i) => i.quadrant === 'quick-win').length;
    return html`<section class="section" aria-labelledby="${this.ids}-chart">
      <h2 id="${this.ids}-chart">${t('rounds:results.chartHeading')}</h2>
      <mesa-scatter-chart .points=${withBoth.map((i) => ({ id: i.proposalId, label: i.reference ?? String(i.rank), x: i.criteria!.feasibility!, y: i.criteria!.impact! }))}
        .xLabel=${criterionLabel(t, 'feasibility')} .yLabel=${criterionLabel(t, 'impact')}
        .quadrants=${[t('rounds:quadrant.quick-win'), t('rounds:quadrant.fill-in'), t('rounds:quadrant.reconsider'), t('rounds:quadrant.major-project')] as [string, string, string, string]}
        .alt=${t('rounds:results.chartAlt', { count: withBoth.length, quick })}></mesa-scatter-chart>
      <p class="hint">${t('rounds:results.chartNote')} <a href="#${this.ids}-table">${t('rounds:results.toTable')}</a></p>
    </section>`;
  }

  private renderResults(round: Round, results: RoundResults) {
    const { t } = this.i18n;
    const sectors = Object.keys(results.participantsBySector).sort();
    const criteria = results.method === 'criteria' ? round.criteria.map((c) => c.key) : [];
    return html`
      <p class="breadcrumb"><a href="/processes/${encodeURIComponent(round.processSlug)}">← ${t('rounds:scoring.back')}</a></p>
      <header class="page-header">
        <p class="proposal__meta">
          <span class="badge ${results.final ? 'badge--closed' : 'badge--open'}" data-results=${results.final ? 'final' : 'running'}>
            ${results.final ? t('rounds:results.final') : t('rounds:results.running')}</span>
          <span class="muted">${t(`rounds:method.${results.method}`)}</span>
        </p>
        <h1>${t('rounds:results.pageTitle', { title: round.title })}</h1>
        <p class="lead">${describeRound(t, round)}</p>
      </header>
      <section aria-labelledby="${this.ids}-who" class="card">
        <h2 id="${this.ids}-who">${t('rounds:results.whoHeading')}</h2>
        <p><strong>${t('rounds:results.participants', { count: results.participants })}</strong>
          · ${t('rounds:results.paper', { count: results.paperBallots })}
          ${results.equalSectorWeight ? html` · ${t('rounds:results.equalSectors')}` : nothing}</p>
        ${sectors.length
          ? html`<ul class="sector-counts">${sectors.map((s) => html`<li><span>${t(`sector.${s}` as 'sector.resident')}</span> <strong>${results.participantsBySector[s]}</strong></li>`)}</ul>`
          : nothing}
      </section>
      <p class="actions downloads">
        <a class="button button--secondary" href=${roundsApi.exportUrl(round.id, 'csv')} download>${t('rounds:results.downloadCsv')}</a>
        <a class="button button--secondary" href=${roundsApi.exportUrl(round.id, 'json')} download>${t('rounds:results.downloadJson')}</a>
      </p>
      ${this.renderChart(results)}
      <section class="section" aria-labelledby="${this.ids}-table-heading">
        <h2 id="${this.ids}-table-heading">${t('rounds:results.tableHeading')}</h2>
        ${results.items.length
          ? html`<mesa-results-table .tableId=${`${this.ids}-table`} .items=${results.items} .criteria=${criteria} .sectors=${sectors}
              .caption=${t('rounds:results.caption', { title: round.title })}></mesa-results-table>`
          : html`<p>${t('rounds:results.empty')}</p>`}
      </section>
      ${this.renderSelection(results)}
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.error) {
      if (this.error instanceof ApiError && this.error.status === 404) {
        return html`<h1>${t('rounds:scoring.notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`;
      }
      const unpublished = this.error instanceof ApiError && (this.error.status === 403 || this.error.status === 401);
      return html`${this.round ? html`<p class="breadcrumb"><a href="/processes/${encodeURIComponent(this.round.processSlug)}">← ${t('rounds:scoring.back')}</a></p>
          <h1>${t('rounds:results.pageTitle', { title: this.round.title })}</h1>` : nothing}
        <p class="alert ${unpublished ? 'alert--info' : 'alert--error'}" role=${unpublished ? 'status' : 'alert'}>
          ${unpublished ? t('rounds:results.notPublished') : problemMessage(t, this.error)}</p>`;
    }
    if (!this.round || !this.results) return html`<p role="status">${t('loading')}</p>`;
    return this.renderResults(this.round, this.results);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-round-results': MesaRoundResults;
  }
}
