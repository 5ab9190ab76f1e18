import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import type { Proposal } from '../proposals/proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-sign-in-needed.ts';
import { pairsOf, progress, proposalOfPath, startBallot, type CriteriaBallot, type DotsBallot, type RankingBallot } from './ballot-model.ts';
import type { BallotChange, ItemLabel } from './ballot-events.ts';
import { describeRound } from './method-text.ts';
import { canVote, resultsPath, roundsApi, type Ballot, type Round } from './rounds-api.ts';
import './mesa-criteria-scorer.ts';
import './mesa-dots-ballot.ts';
import './mesa-ranking-ballot.ts';
import './rounds.css';

type View = 'one' | 'list';
type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/**
 * A forum member's scoring view (`/rounds/:id`), phone first: one proposal at a time or a
 * compact list; criteria as 1–5 radio groups, dots with − and +, ranking with up and down,
 * pairwise as "A, B or skip". Every answer is saved at once (the whole ballot), with progress
 * and a spoken confirmation; server errors land next to the proposal they name.
 */
@customElement('mesa-round-page')
export class MesaRoundPage extends LightElement {
  @property() roundId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private round: Round | null = null;
  @state() private proposals = new Map<string, Proposal>();
  @state() private ballot: Ballot | null = null;
  @state() private loadError: unknown = null;
  @state() private view: View = 'one';
  @state() private index = 0;
  @state() private saveState: SaveState = 'idle';
  @state() private statusText = '';
  @state() private errors: Record<string, string> = {};
  @state() private pairIndex = 0;
  @state() private compared = 0;
  /** The last ballot the server accepted: what we go back to when it refuses a change. */
  private saved: Ballot | null = null;
  private queued: Ballot | null = null;
  private saving = false;
  private loadedFor = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    const who = this.session.ready ? `${this.roundId}|${this.session.user?.id ?? ''}` : '';
    if ((changed.has('roundId') || who !== this.loadedFor) && who && this.session.user) {
      this.loadedFor = who;
      void this.load();
    }
  }

  protected override updated(): void {
    if (this.round && !document.title.startsWith(this.round.title)) emit(this, 'mesa-title', { title: this.round.title });
  }

  private async load(): Promise<void> {
    const id = this.roundId;
    this.round = null;
    this.loadError = null;
    this.errors = {};
    this.statusText = '';
    this.saveState = 'idle';
    try {
      const round = await roundsApi.get(this.api, id);
      const [proposals, saved] = await Promise.all([
        round.method === 'poll' ? new Map<string, Proposal>() : roundsApi.proposals(this.api, round.processSlug, round.items),
        roundsApi.myBallot(this.api, id).catch(() => null),
      ]);
      if (id !== this.roundId) return;
      this.proposals = proposals;
      this.saved = saved;
      this.ballot = startBallot(round.method, saved);
      this.round = round;
      this.index = this.firstUnscored(round);
      if (round.method === 'pairwise') {
        this.pairIndex = Number(localStorage.getItem(this.pairKey(id)) ?? 0) || 0;
        this.compared = this.pairIndex;
      }
    } catch (err) {
      if (id === this.roundId) this.loadError = err;
    }
  }

  private pairKey(id: string): string {
    return `mesa.pairwise.${id}.${this.session.user?.id ?? ''}`;
  }

  private firstUnscored(round: Round): number {
    const b = this.ballot;
    if (round.method !== 'criteria' || !b || !('scores' in b)) return 0;
    const i = round.items.findIndex((id) => !round.criteria.every((c) => typeof b.scores[id]?.[c.key] === 'number'));
    return i < 0 ? 0 : i;
  }

  private label(id: string): ItemLabel {
    const p = this.proposals.get(id);
    return { id, title: p?.title ?? id, reference: p?.reference, lang: p?.lang };
  }

  private onBallot(e: CustomEvent<BallotChange>): void {
    e.stopPropagation();
    this.ballot = e.detail.ballot;
    const { [e.detail.proposalId ?? '']: _gone, ...rest } = this.errors;
    this.errors = rest;
    this.queued = e.detail.ballot;
    void this.flush();
  }

  /** Save the newest ballot; answers given while a save is on its way are sent together after it. */
  private async flush(): Promise<void> {
    if (this.saving || !this.queued || !this.round) return;
    const { t } = this.i18n;
    const ballot = this.queued;
    this.queued = null;
    this.saving = true;
    this.saveState = 'saving';
    this.statusText = t('rounds:scoring.saving');
    try {
      await roundsApi.saveBallot(this.api, this.round.id, ballot);
      this.saved = ballot;
      if (!this.queued) {
        this.saveState = 'saved';
        this.statusText = t('rounds:scoring.saved');
      }
    } catch (err) {
      this.queued = null;
      this.ballot = this.saved ?? startBallot(this.round.method, null);
      this.showError(err, ballot);
    } finally {
      this.saving = false;
    }
    if (this.queued) void this.flush();
  }

  private showError(err: unknown, ballot: Ballot | null): void {
    const { t } = this.i18n;
    const errors: Record<string, string> = {};
    if (err instanceof ApiError) for (const e of err.errors) errors[proposalOfPath(e.path, ballot)] ??= e.message || t('common:errors.validation');
    const general = err instanceof ApiError && err.code === 'round-closed' ? t('rounds:scoring.closedNow') : problemMessage(t, err);
    if (!Object.keys(errors).length) errors[''] = general;
    this.errors = errors;
    this.saveState = 'error';
    this.statusText = t('rounds:scoring.notSaved', { reason: errors[''] ?? Object.values(errors)[0] ?? general });
    if (err instanceof ApiError && err.code === 'round-closed' && this.round) this.round = { ...this.round, state: 'closed' };
  }

  private async go(to: number): Promise<void> {
    if (!this.round) return;
    this.index = Math.max(0, Math.min(this.round.items.length - 1, to));
    await this.updateComplete;
    this.querySelector<HTMLElement>('#current-proposal')?.focus();
  }

  private async compare(a: string, b: string, choice: 'a' | 'b' | 'skip'): Promise<void> {
    const round = this.round;
    if (!round || this.saving) return;
    const { t } = this.i18n;
    this.saving = true;
    this.saveState = 'saving';
    this.statusText = t('rounds:scoring.saving');
    try {
      await roundsApi.compare(this.api, round.id, choice === 'skip' ? { skip: [a, b] } : choice === 'a' ? { winnerId: a, loserId: b } : { winnerId: b, loserId: a });
      this.pairIndex += 1;
      if (choice !== 'skip') this.compared += 1;
      localStorage.setItem(this.pairKey(round.id), String(this.pairIndex));
      this.saveState = 'saved';
      this.statusText = t('rounds:scoring.saved');
      this.errors = {};
      await this.updateComplete;
      this.querySelector<HTMLElement>('#current-pair')?.focus();
    } catch (err) {
      this.showError(err, null);
    } finally {
      this.saving = false;
    }
  }

  private renderProgress(round: Round) {
    const { t } = this.i18n;
    const { done, total } = progress(round, this.ballot, this.compared);
    const key = round.method === 'dots' ? 'rounds:progress.dots' : round.method === 'ranking' ? 'rounds:progress.ranked' : round.method === 'pairwise' ? 'rounds:progress.compared' : 'rounds:progress.scored';
    const max = round.method === 'pairwise' ? pairsOf(round.items, round.seed).length : total;
    return html`<div class="progress-line">
      <p class="progress-line__text" id="round-progress">${t(key, { done, total: max })}</p>
      <progress max=${Math.max(1, max)} .value=${Math.min(done, max)} aria-labelledby="round-progress"></progress>
    </div>`;
  }

  private renderViewToggle() {
    const { t } = this.i18n;
    const button = (view: View, text: string) => html`<button type="button" class="toggle" aria-pressed=${this.view === view ? 'true' : 'false'}
      @click=${() => (this.view = view)}>${text}</button>`;
    return html`<div class="toggle-group" role="group" aria-label=${t('rounds:scoring.viewLabel')}>
      ${button('one', t('rounds:scoring.oneAtATime'))}${button('list', t('rounds:scoring.list'))}
    </div>`;
  }

  private renderProposalHead(id: string, headingId?: string) {
    const p = this.proposals.get(id);
    return html`<p class="proposal__meta"><span class="proposal-card__ref">${p?.reference ?? ''}</span></p>
      <h2 id=${headingId ?? nothing} tabindex=${headingId ? '-1' : nothing} lang=${p?.lang ?? nothing}>${p?.title ?? id}</h2>`;
  }

  /** Ballots can change now, and this reader may cast one. */
  private editable(round: Round): boolean {
    return round.state === 'open' && canVote(this.session.user, round);
  }

  private renderEditor(round: Round, ids: string[]) {
    const b = this.ballot;
    const disabled = !this.editable(round);
    if (round.method === 'criteria') {
      return ids.map((id) => html`<mesa-criteria-scorer .proposalId=${id} .proposalTitle=${this.label(id).title} .criteria=${round.criteria}
        .ballot=${b as CriteriaBallot} ?disabled=${disabled} .error=${this.errors[id] ?? ''}></mesa-criteria-scorer>`);
    }
    if (round.method === 'dots') {
      return html`<mesa-dots-ballot .items=${ids.map((id) => this.label(id))} .ballot=${b as DotsBallot} .dotsPerParticipant=${round.dotsPerParticipant}
        .maxDotsPerItem=${round.maxDotsPerItem} ?disabled=${disabled} .errors=${this.errors}></mesa-dots-ballot>`;
    }
    return nothing;
  }

  private renderOne(round: Round) {
    const { t } = this.i18n;
    const id = round.items[this.index]!;
    const p = this.proposals.get(id);
    const last = this.index >= round.items.length - 1;
    return html`<article class="score-card" aria-labelledby="current-proposal">
      <p class="muted score-card__position">${t('rounds:scoring.position', { n: this.index + 1, total: round.items.length })}</p>
      ${this.renderProposalHead(id, 'current-proposal')}
      ${p ? html`<div class="prose score-card__summary" lang=${p.lang}>${unsafeHTML(p.bodyHtml)}</div>` : nothing}
      ${this.renderEditor(round, [id])}
      <div class="actions score-card__nav">
        <button type="button" class="button button--secondary" ?disabled=${this.index === 0} @click=${() => this.go(this.index - 1)}>
          ${t('rounds:scoring.previous')}</button>
        ${last
          ? html`<a class="button button--secondary" href=${resultsPath(round.id)}>${t('rounds:scoring.toResults')}</a>`
          : html`<button type="button" class="button" data-nav="next" @click=${() => this.go(this.index + 1)}>${t('rounds:scoring.next')}</button>`}
      </div>
    </article>`;
  }

  private renderList(round: Round) {
    if (round.method === 'dots') return this.renderEditor(round, round.items);
    return html`<ol class="score-list">
      ${round.items.map((id) => html`<li class="score-list__item">
        ${this.renderProposalHead(id)}
        ${this.renderEditor(round, [id])}
      </li>`)}
    </ol>`;
  }

  private renderPairwise(round: Round) {
    const { t } = this.i18n;
    const pairs = pairsOf(round.items, round.seed);
    const pair = pairs[this.pairIndex];
    if (!pair) return html`<p class="alert alert--success">${t('rounds:pairwise.done')}</p>`;
    const [a, b] = pair;
    const card = (id: string, choice: 'a' | 'b') => {
      const p = this.proposals.get(id);
      return html`<div class="pair__option">
        <p class="proposal-card__ref">${p?.reference ?? ''}</p>
        <h3 lang=${p?.lang ?? nothing}>${p?.title ?? id}</h3>
        ${p ? html`<div class="prose pair__summary" lang=${p.lang}>${unsafeHTML(p.bodyHtml)}</div>` : nothing}
        <button type="button" class="button" ?disabled=${!this.editable(round)} @click=${() => this.compare(a, b, choice)}
          aria-label=${t('rounds:pairwise.choose', { title: p?.title ?? id })}>${t('rounds:pairwise.chooseShort')}</button>
      </div>`;
    };
    return html`<section class="pair" aria-labelledby="current-pair">
      <h2 id="current-pair" tabindex="-1">${t('rounds:pairwise.question', { n: this.pairIndex + 1, total: pairs.length })}</h2>
      ${this.errors[''] ? html`<p class="field__error">${this.errors['']}</p>` : nothing}
      <div class="pair__options">${card(a, 'a')}${card(b, 'b')}</div>
      <p><button type="button" class="button button--secondary" ?disabled=${!this.editable(round)} @click=${() => this.compare(a, b, 'skip')}>
        ${t('rounds:pairwise.skip')}</button></p>
    </section>`;
  }

  private renderRound(round: Round) {
    const { t, formatDate } = this.i18n;
    const method = round.method;
    const toggles = method === 'criteria' || method === 'dots';
    return html`
      <p class="breadcrumb"><a href="/processes/${encodeURIComponent(round.processSlug)}">← ${t('rounds:scoring.back')}</a></p>
      <header class="page-header">
        <p class="proposal__meta"><span class="badge badge--${round.state === 'open' ? 'open' : round.state === 'closed' ? 'closed' : 'upcoming'}">${t(`rounds:state.${round.state}`)}</span>
          <span class="muted">${t(`rounds:method.${method}`)}</span></p>
        <h1>${round.title}</h1>
        <details class="method-note"><summary>${t('rounds:scoring.howItCounts')}</summary><p>${describeRound(t, round)}</p></details>
        ${round.closesAt && round.state === 'open' ? html`<p class="muted">${t('rounds:scoring.closesAt', { date: formatDate(round.closesAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>` : nothing}
      </header>
      ${round.state === 'draft' ? html`<p class="alert alert--info">${t('rounds:scoring.notOpen')}</p>` : nothing}
      ${round.state === 'open' && !canVote(this.session.user, round) ? html`<p class="alert alert--info">${t('rounds:scoring.membersOnly')}</p>` : nothing}
      ${round.state === 'closed'
        ? html`<p class="alert alert--info">${t('rounds:scoring.closed')} <a href=${resultsPath(round.id)}>${t('rounds:scoring.seeResults')}</a></p>`
        : nothing}
      <div class="score-bar">
        ${this.renderProgress(round)}
        <p class="save-status save-status--${this.saveState}" role="status" aria-live="polite" aria-atomic="true">${this.statusText}</p>
      </div>
      ${this.errors[''] && method !== 'pairwise' ? html`<p class="alert alert--error" role="alert">${this.errors['']}</p>` : nothing}
      ${toggles ? this.renderViewToggle() : nothing}
      <div @mesa-ballot-change=${this.onBallot}>
        ${method === 'pairwise'
          ? this.renderPairwise(round)
          : method === 'ranking'
            ? html`<mesa-ranking-ballot .items=${round.items.map((id) => this.label(id))} .ballot=${this.ballot as RankingBallot}
                .maxRanked=${round.maxRanked} ?disabled=${!this.editable(round)} .errors=${this.errors}></mesa-ranking-ballot>`
            : this.view === 'one' && toggles
              ? this.renderOne(round)
              : this.renderList(round)}
      </div>
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.session.ready && !this.session.user) {
      return html`<mesa-sign-in-needed .heading=${t('rounds:scoring.title')} .next=${location.pathname}></mesa-sign-in-needed>`;
    }
    if (this.loadError) {
      return this.loadError instanceof ApiError && this.loadError.status === 404
        ? html`<h1>${t('rounds:scoring.notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, this.loadError)}</p>`;
    }
    if (!this.round) return html`<p role="status">${t('loading')}</p>`;
    return this.renderRound(this.round);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-round-page': MesaRoundPage;
  }
}
