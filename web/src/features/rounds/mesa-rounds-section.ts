import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import type { Process } from '@mesa/shared';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { canManageRounds, canVote, resultsPath, roundPath, roundsApi, type Round } from './rounds-api.ts';
import './mesa-paper-ballot.ts';
import './mesa-round-form.ts';
import './rounds.css';

/**
 * The "Prioritisation" section of a process page: its rounds with links to score and to the
 * results; for facilitators and admins, creating, opening and closing rounds and typing in paper
 * ballots. Round changes arrive through the process room.
 */
@customElement('mesa-rounds-section')
export class MesaRoundsSection extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private rounds: Round[] | null = null;
  @state() private error = '';
  @state() private actionError = '';
  @state() private busy = '';
  @state() private paperFor = '';
  @state() private creating = false;
  private readonly base = uid('rounds');
  private slug = '';

  private readonly room = new RoomController(this, {
    room: () => (this.process ? `process:${this.process.slug}` : null),
    onEvent: (event, data) => {
      if (event === 'rounds/opened' || event === 'rounds/closed') void this.load();
      else if (event === 'rounds/tally' && this.rounds) {
        const d = data as { roundId?: string; participants?: number };
        this.rounds = this.rounds.map((r) => (r.id === d.roundId && typeof d.participants === 'number' ? { ...r, ballots: d.participants } : r));
      } else if (event === 'process/phase-changed') void this.load();
    },
    onResync: () => void this.load(),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('process') && this.process.slug !== this.slug) {
      this.slug = this.process.slug;
      this.rounds = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const slug = this.process.slug;
    try {
      const { items } = await roundsApi.list(this.api, slug);
      if (slug === this.process.slug) {
        this.rounds = items;
        this.error = '';
      }
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  private async act(round: Round, action: 'open' | 'close'): Promise<void> {
    const { t } = this.i18n;
    this.busy = round.id;
    this.actionError = '';
    try {
      const updated = action === 'open' ? await roundsApi.open(this.api, round.id) : await roundsApi.close(this.api, round.id);
      this.rounds = (this.rounds ?? []).map((r) => (r.id === updated.id ? updated : r));
      emit(this, 'mesa-announce', { message: t(action === 'open' ? 'rounds:list.opened' : 'rounds:list.closedNow', { title: round.title }) });
    } catch (err) {
      this.actionError = problemMessage(t, err);
    } finally {
      this.busy = '';
    }
  }

  private renderRound(r: Round, manager: boolean) {
    const { t, formatDate } = this.i18n;
    const user = this.session.user;
    const badge = r.state === 'open' ? 'badge--open' : r.state === 'closed' ? 'badge--closed' : 'badge--upcoming';
    const resultsShown = r.state === 'closed' || r.resultsVisible || manager;
    const headingId = `${this.base}-${r.id}`;
    return html`<li class="card round-item" aria-labelledby=${headingId}>
      <h3 id=${headingId}>${r.title}</h3>
      <p class="round-item__meta">
        <span class="badge ${badge}">${t(`rounds:state.${r.state}`)}</span>
        <span>${t(`rounds:method.${r.method}`)}</span>
        <span>${t('rounds:list.items', { count: r.items.length })}</span>
        <span>${t('rounds:list.ballots', { count: r.ballots })}</span>
        ${r.workshopId ? html`<span>${t('rounds:list.inWorkshop')}</span>` : nothing}
        ${r.state === 'closed' && r.closedAt ? html`<span>${t('rounds:list.closedOn', { date: formatDate(r.closedAt, { dateStyle: 'medium' }) })}</span>` : nothing}
      </p>
      <div class="actions">
        ${r.state === 'open' && canVote(user, r) && !r.workshopId ? html`<a class="button" href=${roundPath(r.id)}>${t('rounds:list.score')}</a>` : nothing}
        ${resultsShown ? html`<a class="button button--secondary" href=${resultsPath(r.id)}>${t(r.state === 'closed' ? 'rounds:list.results' : 'rounds:list.runningResults')}</a>` : nothing}
        ${manager && r.state === 'draft'
          ? html`<button type="button" class="button" ?disabled=${this.busy === r.id} @click=${() => this.act(r, 'open')}>${t('rounds:list.open')}</button>`
          : nothing}
        ${manager && r.state === 'open'
          ? html`<button type="button" class="button button--secondary" ?disabled=${this.busy === r.id} @click=${() => this.act(r, 'close')}>${t('rounds:list.close')}</button>
              <button type="button" class="button button--secondary" aria-expanded=${this.paperFor === r.id ? 'true' : 'false'}
                @click=${() => (this.paperFor = this.paperFor === r.id ? '' : r.id)}>${t('rounds:list.paper')}</button>`
          : nothing}
      </div>
      ${manager && this.paperFor === r.id && r.state === 'open'
        ? html`<mesa-paper-ballot .round=${r} ?admin=${isAdmin(user)}></mesa-paper-ballot>`
        : nothing}
    </li>`;
  }

  override render() {
    const { t } = this.i18n;
    const manager = canManageRounds(this.session.user, this.process.slug);
    const rounds = this.rounds ?? [];
    if (!manager && this.rounds !== null && rounds.length === 0 && this.process.activePhase !== 'prioritisation') return nothing;
    return html`<section class="section" aria-labelledby="${this.base}-heading">
      <h2 id="${this.base}-heading">${t('rounds:list.heading')}</h2>
      <p class="muted">${t('rounds:list.intro')}</p>
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.actionError ? html`<p class="alert alert--error" role="alert">${this.actionError}</p>` : nothing}
      ${this.rounds === null && !this.error ? html`<p role="status">${t('loading')}</p>` : nothing}
      ${this.rounds && rounds.length === 0 ? html`<p>${t('rounds:list.empty')}</p>` : nothing}
      ${rounds.length ? html`<ul class="round-list">${rounds.map((r) => this.renderRound(r, manager))}</ul>` : nothing}
      ${manager
        ? html`<button type="button" class="button button--secondary" aria-expanded=${this.creating ? 'true' : 'false'}
              @click=${() => (this.creating = !this.creating)}>${t('rounds:list.create')}</button>
            ${this.creating
              ? html`<mesa-round-form .slug=${this.process.slug} @mesa-round-created=${(e: CustomEvent<{ round: Round }>) => {
                  this.rounds = [e.detail.round, ...(this.rounds ?? [])];
                  this.creating = false;
                }}></mesa-round-form>`
              : nothing}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-rounds-section': MesaRoundsSection;
  }
}
