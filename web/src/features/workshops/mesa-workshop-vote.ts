import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { roomConnection, RoomCallError } from '../../controllers/room-connection.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { proposalOfPath, startBallot, type CriteriaBallot, type DotsBallot, type RankingBallot } from '../rounds/ballot-model.ts';
import type { BallotChange, ItemLabel } from '../rounds/ballot-events.ts';
import { roundsApi, type Ballot, type Round } from '../rounds/rounds-api.ts';
import '../rounds/mesa-criteria-scorer.ts';
import '../rounds/mesa-dots-ballot.ts';
import '../rounds/mesa-poll-ballot.ts';
import '../rounds/mesa-ranking-ballot.ts';
import '../rounds/rounds.css';
import { itemTitles, type Workshop } from './workshops-api.ts';

/**
 * Voting in a live round, in one or two taps: each change is sent at once over the websocket
 * (`ballot`, answered by `ack`), or over HTTP when the socket is down; "Your vote counted"
 * confirms it. The ballot already cast is restored when the round is shown again.
 */
@customElement('mesa-workshop-vote')
export class MesaWorkshopVote extends LightElement {
  @property({ attribute: false }) round!: Round;
  @property({ attribute: false }) workshop!: Workshop;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private ballot: Ballot | null = null;
  @state() private status: 'idle' | 'sending' | 'counted' | 'error' = 'idle';
  @state() private error = '';
  @state() private errors: Record<string, string> = {};
  private accepted: Ballot | null = null;
  private queued: Ballot | null = null;
  private sending = false;
  private loadedRound = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('round') && this.round.id !== this.loadedRound) {
      this.loadedRound = this.round.id;
      this.ballot = startBallot(this.round.method, null);
      this.accepted = null;
      this.status = 'idle';
      this.error = '';
      this.errors = {};
      const id = this.round.id;
      void roundsApi.myBallot(this.api, id).then((saved) => {
        if (id !== this.round.id || !saved || this.sending || this.queued) return;
        this.accepted = saved;
        this.ballot = startBallot(this.round.method, saved);
        this.status = 'counted';
      }).catch(() => undefined);
    }
  }

  private onBallot(e: CustomEvent<BallotChange>): void {
    e.stopPropagation();
    this.ballot = e.detail.ballot;
    this.queued = e.detail.ballot;
    void this.flush();
  }

  private async send(ballot: Ballot): Promise<void> {
    try {
      await roomConnection.call({ type: 'ballot', roundId: this.round.id, ballot });
    } catch (err) {
      // No socket, or no answer: the same ballot over HTTP.
      if (err instanceof RoomCallError && (err.code === 'offline' || err.code === 'timeout')) await roundsApi.saveBallot(this.api, this.round.id, ballot);
      else throw err;
    }
  }

  private async flush(): Promise<void> {
    if (this.sending || !this.queued) return;
    const { t } = this.i18n;
    const ballot = this.queued;
    this.queued = null;
    this.sending = true;
    this.status = 'sending';
    try {
      await this.send(ballot);
      this.accepted = ballot;
      this.error = '';
      this.errors = {};
      if (!this.queued) this.status = 'counted';
    } catch (err) {
      this.queued = null;
      this.ballot = this.accepted ?? startBallot(this.round.method, null);
      const list = err instanceof RoomCallError || err instanceof ApiError ? err.errors : [];
      const errors: Record<string, string> = {};
      for (const x of list) errors[proposalOfPath(x.path, ballot)] ??= x.message;
      this.errors = errors;
      const code = err instanceof RoomCallError || err instanceof ApiError ? err.code : '';
      this.error = code === 'round-closed' ? t('workshops:vote.closed')
        : err instanceof RoomCallError ? (Object.values(errors)[0] ?? err.message)
        : problemMessage(t, err);
      this.status = 'error';
    } finally {
      this.sending = false;
    }
    if (this.queued) void this.flush();
  }

  private items(): ItemLabel[] {
    const titles = itemTitles(this.workshop);
    return this.round.items.map((id) => ({ id, title: titles.get(id)?.title ?? id, reference: titles.get(id)?.reference }));
  }

  override render() {
    const { t } = this.i18n;
    const r = this.round;
    const disabled = r.state !== 'open';
    const b = this.ballot;
    let editor;
    if (r.method === 'dots') {
      editor = html`<mesa-dots-ballot .items=${this.items()} .ballot=${b as DotsBallot} .dotsPerParticipant=${r.dotsPerParticipant}
        .maxDotsPerItem=${r.maxDotsPerItem} ?disabled=${disabled} .errors=${this.errors}></mesa-dots-ballot>`;
    } else if (r.method === 'poll') {
      editor = html`<mesa-poll-ballot .options=${r.items} .question=${r.title} .chosen=${b && 'option' in b ? b.option : ''} ?disabled=${disabled}></mesa-poll-ballot>`;
    } else if (r.method === 'ranking') {
      editor = html`<mesa-ranking-ballot .items=${this.items()} .ballot=${b as RankingBallot} .maxRanked=${r.maxRanked} ?disabled=${disabled} .errors=${this.errors}></mesa-ranking-ballot>`;
    } else if (r.method === 'criteria') {
      editor = this.items().map((item) => html`<div class="score-list__item">
        <h3>${item.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}${item.title}</h3>
        <mesa-criteria-scorer .proposalId=${item.id} .proposalTitle=${item.title} .criteria=${r.criteria} .ballot=${b as CriteriaBallot}
          ?disabled=${disabled} .error=${this.errors[item.id] ?? ''}></mesa-criteria-scorer></div>`);
    } else {
      editor = html`<p class="hint">${t('workshops:vote.unsupported')}</p>`;
    }
    const statusText = this.status === 'counted' ? t('workshops:vote.counted') : this.status === 'sending' ? t('workshops:vote.sending') : this.status === 'error' ? this.error : '';
    return html`<div class="workshop-vote" @mesa-ballot-change=${this.onBallot}>
      ${editor}
      <p class="save-status save-status--${this.status === 'counted' ? 'saved' : this.status === 'sending' ? 'saving' : this.status}" role="status" aria-live="polite" aria-atomic="true" data-vote-status=${this.status}>${statusText}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshop-vote': MesaWorkshopVote;
  }
}
