import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LiveAnnouncer } from '../../controllers/live-announcer.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-countdown.ts';
import '../proposals/mesa-live-status.ts';
import { serverOffset } from './server-clock.ts';
import { TableLive } from './table-live.ts';
import { WorkshopLive } from './workshop-live.ts';
import { consolePath, joinPath, workshopsApi, type Broadcast, type Workshop } from './workshops-api.ts';
import './mesa-hand-toggle.ts';
import './mesa-my-table.ts';
import './mesa-outcome.ts';
import './mesa-questions.ts';
import './mesa-tally-view.ts';
import './mesa-workshop-vote.ts';
import './mesa-working-session.ts';
import './workshops.css';

/**
 * A participant's view of a live workshop (`/workshops/:id`), phone first: the facilitator's
 * message and timer, their breakout table (members and the table's own round), the current
 * agenda item, the open plenary round with its countdown and the vote, results once revealed, a
 * raised-hand toggle and questions from the floor; kept live by the workshop room (and the
 * table's room), and rebuilt from their snapshots after sleep or a lost connection.
 */
@customElement('mesa-workshop-view')
export class MesaWorkshopView extends LightElement {
  @property() workshopId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private joining = false;
  @state() private joinError = '';

  private readonly announcer = new LiveAnnouncer(this, (count, latest) => this.i18n.t('workshops:live.summary', { count, latest }));
  private readonly live = new WorkshopLive(this, {
    workshopId: () => this.workshopId,
    api: () => this.api,
    onEvent: (event) => this.announce(event),
  });
  private readonly table = new TableLive(this, {
    workshop: () => this.live.workshop,
    api: () => this.api,
    active: () => !this.live.removed && this.live.workshop?.state === 'open',
    onEvent: (event) => this.announceTable(event),
  });
  private handUp = false;

  protected override updated(): void {
    const w = this.live.workshop;
    if (w && !document.title.startsWith(w.title)) emit(this, 'mesa-title', { title: w.title });
  }

  private announceTable(event: string): void {
    const { t } = this.i18n;
    const round = this.table.round;
    if (event === 'rounds/opened' && round) this.announcer.say(t('workshops:live.tableOpened', { title: round.title }), 'table-round');
    else if (event === 'rounds/closed' && round) this.announcer.say(t('workshops:live.closed', { title: round.title }), 'table-round');
  }

  private announce(event: string): void {
    const { t } = this.i18n;
    const w = this.live.workshop;
    const round = this.live.round;
    if (event === 'workshop/tables-formed' || event === 'workshop/presence') void this.table.reloadMembers();
    if (event === 'workshop/tables-formed' && w?.me?.table) this.announcer.say(t('workshops:live.seated', { n: w.me.table }), 'table');
    else if (event === 'workshop/tables-closed') this.announcer.say(t('workshops:live.tablesClosed'), 'table');
    else if (event === 'workshop/broadcast' && this.live.broadcast) {
      const b = this.live.broadcast;
      this.announcer.say(b.message ?? t('workshops:live.timer'), 'broadcast');
    } else if (event === 'workshop/hands' && w?.me) {
      const up = this.live.hands.some((h) => h.key === w.me!.key);
      if (this.handUp && !up) this.announcer.say(t('workshops:live.handLowered'), 'hand');
      this.handUp = up;
    }
    if (event === 'rounds/opened' && round) this.announcer.say(t('workshops:live.opened', { title: round.title }), 'round');
    else if (event === 'rounds/closed' && round) this.announcer.say(t('workshops:live.closed', { title: round.title }), 'round');
    else if (event === 'rounds/tally' && this.live.tally?.revealed && this.live.tally.items) this.announcer.say(t('workshops:live.revealed'), 'reveal');
    else if (event === 'workshop/agenda-moved' && w) this.announcer.say(t('workshops:live.moved', { title: w.agenda[w.currentItem]?.title ?? '' }), 'agenda');
    else if (event === 'workshop/closed') this.announcer.say(t('workshops:live.workshopClosed'), 'workshop');
  }

  /** A signed-in member who has not joined yet joins with their own name. */
  private async joinAsMember(w: Workshop): Promise<void> {
    if (!this.session.user) return;
    this.joining = true;
    this.joinError = '';
    try {
      await workshopsApi.joinAsMember(this.api, w.id, { displayName: this.session.user.displayName });
      await this.live.reload();
    } catch (err) {
      this.joinError = problemMessage(this.i18n.t, err);
    } finally {
      this.joining = false;
    }
  }

  /** The facilitator's message and/or timer to everyone (and every table). */
  private renderBroadcast(b: Broadcast | null) {
    const { t } = this.i18n;
    if (!b) return nothing;
    return html`<section class="broadcast" aria-labelledby="broadcast-heading">
      <h2 id="broadcast-heading" class="broadcast__label">${t('workshops:broadcast.fromFacilitator')}</h2>
      ${b.message ? html`<p class="broadcast__message" data-broadcast>${b.message}</p>` : nothing}
      ${b.endsAt ? html`<mesa-countdown .until=${b.endsAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>` : nothing}
    </section>`;
  }

  private renderCurrent(w: Workshop) {
    const { t } = this.i18n;
    const item = w.agenda[w.currentItem];
    if (!item) return nothing;
    return html`<section class="now-card" aria-labelledby="now-heading">
      <h2 id="now-heading" class="now-card__label">${t('workshops:view.now', { n: w.currentItem + 1, total: w.agenda.length })}</h2>
      <p class="now-card__title">${item.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}
        ${item.proposalId ? html`<a href="/proposals/${encodeURIComponent(item.proposalId)}">${item.title}</a>` : item.title}</p>
      ${item.commitmentId ? html`<p class="now-card__kind">${t('workshops:session.kindNow')}</p>` : nothing}
    </section>`;
  }

  private renderRound(w: Workshop) {
    const { t } = this.i18n;
    const round = this.live.round;
    const tally = this.live.tally;
    if (!round) return html`<p class="muted waiting">${t('workshops:view.noRound')}</p>`;
    const open = round.state === 'open';
    return html`<section class="round-card" aria-labelledby="round-heading" data-round=${round.id} data-state=${round.state}>
      <p class="round-card__meta">
        <span class="badge ${open ? 'badge--open' : 'badge--closed'}">${t(`rounds:state.${round.state}`)}</span>
        <span>${t(`rounds:method.${round.method}`)}</span>
      </p>
      <h2 id="round-heading">${round.title}</h2>
      ${round.combinedFrom ? html`<p class="badge badge--upcoming combined-badge">${t('workshops:tables.combinedFrom', { count: round.combinedFrom.length })}</p>` : nothing}
      ${open && round.closesAt
        ? html`<mesa-countdown .until=${round.closesAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>`
        : nothing}
      ${open && w.me ? html`<mesa-workshop-vote .round=${round} .workshop=${w}></mesa-workshop-vote>` : nothing}
      ${open && !w.me ? html`<p class="hint">${t('workshops:view.watching')}</p>` : nothing}
      ${!open ? html`<p class="alert alert--info">${t('workshops:view.roundClosed')}</p>` : nothing}
      <mesa-tally-view .tally=${tally} .round=${round} .workshop=${w}></mesa-tally-view>
    </section>`;
  }

  /** The round; when the current agenda item is a commitment, its working session beside it (below on phones). */
  private renderRoundAndSession(w: Workshop) {
    const item = w.agenda[w.currentItem];
    if (!item?.commitmentId) return this.renderRound(w);
    return html`<div class="working-layout">
      <div>${this.renderRound(w)}</div>
      <mesa-working-session .commitmentId=${item.commitmentId} .itemTitle=${item.title} .reference=${item.reference ?? ''}></mesa-working-session>
    </div>`;
  }

  private renderWorkshop(w: Workshop) {
    const { t } = this.i18n;
    if (this.live.removed) {
      return html`<h1>${w.title}</h1><p class="alert alert--error" role="alert">${t('workshops:view.removed')}</p>`;
    }
    const notIn = !w.me && !w.canFacilitate;
    return html`
      <header class="page-header workshop-head">
        <p class="proposal__meta"><span class="badge ${w.state === 'open' ? 'badge--open' : 'badge--closed'}">${t(`workshops:state.${w.state}`)}</span>
          ${w.me ? html`<span class="muted">${t('workshops:view.you', { name: w.me.displayName })}</span>` : nothing}</p>
        <h1>${w.title}</h1>
        ${w.canFacilitate ? html`<p><a href=${consolePath(w.id)}>${t('workshops:view.toConsole')}</a></p>` : nothing}
        ${w.videoUrl ? html`<p><a href=${w.videoUrl} target="_blank" rel="noopener noreferrer">${t('workshops:view.video')}</a></p>` : nothing}
        <mesa-live-status .status=${this.live.room.status} .joined=${this.live.room.joined}></mesa-live-status>
      </header>
      ${notIn && w.state === 'open'
        ? html`<div class="callout">
            <p>${t('workshops:view.notJoined')}</p>
            ${this.session.user
              ? html`<button type="button" class="button" ?disabled=${this.joining} @click=${() => this.joinAsMember(w)}>${t('workshops:view.joinAs', { name: this.session.user.displayName })}</button>`
              : html`<a class="button" href=${joinPath(w.code ?? '')}>${t('workshops:view.joinWithCode')}</a>`}
            ${this.joinError ? html`<p class="alert alert--error" role="alert">${this.joinError}</p>` : nothing}
          </div>`
        : nothing}
      ${w.state === 'closed'
        ? html`<p class="alert alert--info">${t('workshops:view.closed')}</p>
            ${this.live.outcome ? html`<mesa-outcome .outcome=${this.live.outcome} .workshop=${w}></mesa-outcome>` : nothing}`
        : html`${w.me ? html`<mesa-hand-toggle .workshop=${w} .hands=${this.live.hands}></mesa-hand-toggle>` : nothing}
            ${this.renderBroadcast(this.live.broadcast)}
            ${w.me?.table ? html`<mesa-my-table .workshop=${w} .members=${this.table.members} .round=${this.table.round} .tally=${this.table.tally}></mesa-my-table>` : nothing}
            ${this.renderCurrent(w)}${this.renderRoundAndSession(w)}
            <p class="muted">${t('workshops:view.present', { count: w.participants })}</p>`}
      ${w.me || w.canFacilitate ? html`<mesa-questions .workshop=${w} .live=${this.live} .questions=${this.live.questions} mode="participate"></mesa-questions>` : nothing}
      ${this.announcer.render()}
    `;
  }

  override render() {
    const { t } = this.i18n;
    const err = this.live.error;
    if (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        return html`<div class="narrow"><h1>${t('workshops:view.title')}</h1><p>${t('workshops:view.needJoin')}</p>
          <p><a class="button" href="/join">${t('workshops:view.joinWithCode')}</a></p></div>`;
      }
      return err instanceof ApiError && err.status === 404
        ? html`<h1>${t('workshops:view.notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`;
    }
    const w = this.live.workshop;
    if (!w) return html`<p role="status">${t('loading')}</p>`;
    return this.renderWorkshop(w);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshop-view': MesaWorkshopView;
  }
}
