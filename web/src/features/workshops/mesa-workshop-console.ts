import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-countdown.ts';
import '../proposals/mesa-live-status.ts';
import { resultsPath, roundsApi } from '../rounds/rounds-api.ts';
import { serverOffset } from './server-clock.ts';
import { TablesWatch } from './tables-watch.ts';
import { WorkshopLive } from './workshop-live.ts';
import { joinUrl, projectorPath, workshopPath, workshopsApi, type Outcome, type ParticipantRow, type Workshop } from './workshops-api.ts';
import './mesa-hands-queue.ts';
import './mesa-live-round-form.ts';
import './mesa-questions.ts';
import './mesa-tables-panel.ts';
import './mesa-outcome.ts';
import './mesa-tally-view.ts';
import './mesa-working-session.ts';
import './workshops.css';

/**
 * The facilitator's console (`/workshops/:id/console`): the agenda and its current item, a round
 * on it (create and open in the plenary or in every table, reveal, close, with a timer), breakout
 * tables (form, watch, broadcast, pull results back, close), raised hands and questions, who is
 * present and who voted by sector, locking the room, removing someone, and closing the workshop
 * with its recorded outcome.
 */
@customElement('mesa-workshop-console')
export class MesaWorkshopConsole extends LightElement {
  @property() workshopId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private participants: ParticipantRow[] = [];
  @state() private busy = '';
  @state() private error = '';
  @state() private confirmRemove = '';
  @state() private confirmClose = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private participantsFor = '';

  private readonly live = new WorkshopLive(this, {
    workshopId: () => this.workshopId,
    api: () => this.api,
    onEvent: (event) => {
      if (event.startsWith('workshop/') || event.startsWith('rounds/')) this.refreshSoon();
      if (event.startsWith('workshop/tables') || event === 'workshop/presence' || event === 'workshop/participant-removed') this.tablesWatch.refreshSoon();
    },
  });
  private readonly tablesWatch = new TablesWatch(this, {
    workshop: () => (this.live.workshop?.canFacilitate ? { id: this.live.workshop.id, tables: this.live.workshop.tables } : null),
    api: () => this.api,
  });

  protected override updated(): void {
    const w = this.live.workshop;
    if (!w) return;
    const title = this.i18n.t('workshops:console.pageTitle', { title: w.title });
    if (!document.title.startsWith(title)) emit(this, 'mesa-title', { title });
    if (w.canFacilitate && this.participantsFor !== w.id) {
      this.participantsFor = w.id;
      void this.refresh();
    }
  }

  override disconnectedCallback(): void {
    clearTimeout(this.refreshTimer);
    super.disconnectedCallback();
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 250);
  }

  private async refresh(): Promise<void> {
    try {
      this.participants = (await workshopsApi.participants(this.api, this.workshopId)).items;
    } catch {
      // keep the last list; the next event tries again
    }
  }

  /** Run a facilitator action; problems show at the top of the console. */
  private async act(name: string, action: () => Promise<unknown>, done?: string): Promise<void> {
    this.busy = name;
    this.error = '';
    try {
      await action();
      if (done) emit(this, 'mesa-announce', { message: done });
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    } finally {
      this.busy = '';
    }
  }

  private moveTo(w: Workshop, index: number): Promise<void> {
    const { t } = this.i18n;
    return this.act('agenda', async () => {
      this.live.workshop = await workshopsApi.moveTo(this.api, w.id, index);
      this.requestUpdate();
    }, t('workshops:console.movedTo', { title: w.agenda[index]?.title ?? '' }));
  }

  private renderHeader(w: Workshop) {
    const { t, formatDate } = this.i18n;
    const link = w.code ? joinUrl(w.code) : '';
    return html`<header class="page-header">
      <p class="proposal__meta"><span class="badge ${w.state === 'open' ? 'badge--open' : 'badge--closed'}">${t(`workshops:state.${w.state}`)}</span>
        ${w.locked ? html`<span class="badge badge--warning">${t('workshops:console.lockedBadge')}</span>` : nothing}
        <span class="muted">${t(`workshops:mode.${w.mode}`)} · ${formatDate(w.startsAt, { dateStyle: 'medium', timeStyle: 'short' })}</span></p>
      <h1>${t('workshops:console.pageTitle', { title: w.title })}</h1>
      ${w.code && w.state === 'open'
        ? html`<p class="join-line">${t('workshops:console.code')} <strong class="join-code" data-code=${w.code}>${w.code}</strong>
            · <a href=${link}>${link}</a></p>`
        : nothing}
      <p class="actions">
        <a class="button button--secondary" href=${projectorPath(w.id)}>${t('workshops:console.projector')}</a>
        <a class="button button--secondary" href=${workshopPath(w.id)}>${t('workshops:console.participantView')}</a>
        <a class="button button--secondary" href="/processes/${encodeURIComponent(w.processSlug)}">${t('workshops:console.process')}</a>
      </p>
      <mesa-live-status .status=${this.live.room.status} .joined=${this.live.room.joined}></mesa-live-status>
    </header>`;
  }

  private renderAgenda(w: Workshop) {
    const { t } = this.i18n;
    const open = w.state === 'open';
    return html`<section class="card console-block" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">${t('workshops:console.agenda')}</h2>
      <ol class="agenda">
        ${w.agenda.map((a, i) => html`<li class="agenda__item ${i === w.currentItem ? 'agenda__item--current' : ''}" aria-current=${i === w.currentItem ? 'step' : nothing}>
          <span class="agenda__title">${a.commitmentId ? html`<span class="agenda__kind">${t('workshops:session.kind')}</span> ` : nothing}${a.reference ? html`<span class="proposal-card__ref">${a.reference}</span> ` : nothing}${a.title}</span>
          ${i === w.currentItem
            ? html`<span class="badge badge--open">${t('workshops:console.current')}</span>`
            : open ? html`<button type="button" class="button button--secondary button--small" ?disabled=${this.busy === 'agenda'}
                aria-label=${t('workshops:console.makeCurrentLabel', { title: a.title })} @click=${() => this.moveTo(w, i)}>${t('workshops:console.makeCurrent')}</button>` : nothing}
        </li>`)}
      </ol>
      ${open
        ? html`<p class="actions">
            <button type="button" class="button button--secondary" ?disabled=${w.currentItem === 0 || this.busy === 'agenda'} @click=${() => this.moveTo(w, w.currentItem - 1)}>${t('workshops:console.previous')}</button>
            <button type="button" class="button" ?disabled=${w.currentItem >= w.agenda.length - 1 || this.busy === 'agenda'} @click=${() => this.moveTo(w, w.currentItem + 1)}>${t('workshops:console.next')}</button>
          </p>`
        : nothing}
    </section>`;
  }

  private renderRound(w: Workshop) {
    const { t } = this.i18n;
    const round = this.live.round;
    const tally = this.live.tally;
    const open = round?.state === 'open';
    const revealed = !!tally?.revealed;
    return html`<section class="card console-block" aria-labelledby="round-heading">
      <h2 id="round-heading">${t('workshops:console.roundHeading')}</h2>
      ${round
        ? html`<div class="round-card" data-round=${round.id} data-state=${round.state}>
            <p class="round-card__meta"><span class="badge ${open ? 'badge--open' : 'badge--closed'}">${t(`rounds:state.${round.state}`)}</span>
              <span>${t(`rounds:method.${round.method}`)}</span></p>
            <h3>${round.title}</h3>
            ${round.combinedFrom ? html`<p class="badge badge--upcoming combined-badge">${t('workshops:tables.combinedFrom', { count: round.combinedFrom.length })}</p>` : nothing}
            ${open && round.closesAt ? html`<mesa-countdown .until=${round.closesAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>` : nothing}
            ${open
              ? html`<p class="actions">
                  <button type="button" class="button button--secondary" aria-pressed=${revealed ? 'true' : 'false'} ?disabled=${this.busy === 'reveal'}
                    @click=${() => this.act('reveal', () => roundsApi.reveal(this.api, round.id, !revealed), t(revealed ? 'workshops:console.hidden' : 'workshops:console.revealed'))}>
                    ${t('workshops:console.reveal')}</button>
                  <button type="button" class="button" ?disabled=${this.busy === 'close-round'}
                    @click=${() => this.act('close-round', () => roundsApi.close(this.api, round.id), t('workshops:console.roundClosed'))}>${t('workshops:console.closeRound')}</button>
                </p>`
              : html`<p><a href=${resultsPath(round.id)}>${t('workshops:console.fullResults')}</a></p>`}
            <mesa-tally-view .tally=${tally} .round=${round} .workshop=${w}></mesa-tally-view>
          </div>`
        : html`<p class="muted">${t('workshops:console.noRound')}</p>`}
      ${w.state === 'open' && !open
        ? html`<mesa-live-round-form .workshop=${w} .tables=${w.tables} @mesa-live-round-opened=${(e: CustomEvent<{ tables: number }>) => {
            emit(this, 'mesa-announce', { message: e.detail.tables ? t('workshops:console.openedTables', { count: e.detail.tables }) : t('workshops:console.opened') });
            this.tablesWatch.refreshSoon();
          }}></mesa-live-round-form>`
        : nothing}
    </section>`;
  }

  /** The round area; when the current agenda item is a commitment, its working session beside it (below on phones). */
  private renderRoundAndSession(w: Workshop) {
    const item = w.agenda[w.currentItem];
    if (!item?.commitmentId || w.state !== 'open') return this.renderRound(w);
    return html`<div class="working-layout">
      ${this.renderRound(w)}
      <mesa-working-session .commitmentId=${item.commitmentId} .itemTitle=${item.title} .reference=${item.reference ?? ''}></mesa-working-session>
    </div>`;
  }

  private renderParticipants(w: Workshop) {
    const { t } = this.i18n;
    const rows = this.participants;
    const bySector = new Map<string, { present: number; voted: number }>();
    for (const p of rows) {
      const s = bySector.get(p.sector ?? 'resident') ?? { present: 0, voted: 0 };
      s.present += 1;
      if (p.voted) s.voted += 1;
      bySector.set(p.sector ?? 'resident', s);
    }
    const voted = rows.filter((p) => p.voted).length;
    // Who voted is read for the workshop's latest round: a plenary round of its own (tables show their ballots in their cards).
    const showVoted = !!this.live.round && !this.live.round.combinedFrom && w.tables === 0;
    return html`<section class="card console-block" aria-labelledby="people-heading">
      <h2 id="people-heading">${t('workshops:console.people', { count: rows.length })}</h2>
      ${showVoted ? html`<p><strong data-voted=${voted}>${t('workshops:console.votedCount', { voted, total: rows.length })}</strong></p>` : nothing}
      ${bySector.size
        ? html`<ul class="sector-counts">${[...bySector].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => html`<li>${t(`sector.${s}` as 'sector.resident')}:
            ${showVoted ? t('workshops:console.sectorVoted', { voted: n.voted, total: n.present }) : n.present}</li>`)}</ul>`
        : nothing}
      ${rows.length === 0 ? html`<p class="muted">${t('workshops:console.nobody')}</p>` : nothing}
      <ul class="people">
        ${rows.map((p) => html`<li class="people__row">
          <span class="people__name">${p.displayName}</span>
          <span class="muted">${p.sector ? t(`sector.${p.sector}` as 'sector.resident') : t('workshops:console.noSector')}${p.guest ? ` · ${t('workshops:console.guest')}` : ''}</span>
          ${showVoted ? html`<span class="people__voted ${p.voted ? 'people__voted--yes' : ''}">${p.voted ? t('workshops:console.voted') : t('workshops:console.notVoted')}</span>` : nothing}
          ${w.state === 'open'
            ? this.confirmRemove === p.key
              ? html`<span class="people__confirm">
                  <button type="button" class="button button--danger button--small" @click=${() => this.act('remove', async () => {
                    await workshopsApi.remove(this.api, w.id, p.key);
                    this.confirmRemove = '';
                    await this.refresh();
                  }, t('workshops:console.removedOne', { name: p.displayName }))}>${t('workshops:console.confirmRemove', { name: p.displayName })}</button>
                  <button type="button" class="button button--secondary button--small" @click=${() => (this.confirmRemove = '')}>${t('common:cancel')}</button></span>`
              : html`<button type="button" class="link-button" aria-label=${t('workshops:console.removeLabel', { name: p.displayName })}
                  @click=${() => (this.confirmRemove = p.key)}>${t('workshops:console.remove')}</button>`
            : nothing}
        </li>`)}
      </ul>
    </section>`;
  }

  private renderRoom(w: Workshop) {
    const { t } = this.i18n;
    if (w.state === 'closed') {
      return html`<section class="card console-block" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">${t('workshops:console.outcome')}</h2>
        ${this.live.outcome ? html`<mesa-outcome .outcome=${this.live.outcome as Outcome} .workshop=${w} .headingLevel=${3}></mesa-outcome>` : nothing}
      </section>`;
    }
    return html`<section class="card console-block" aria-labelledby="room-heading">
      <h2 id="room-heading">${t('workshops:console.room')}</h2>
      <p class="actions">
        <button type="button" class="button button--secondary" aria-pressed=${w.locked ? 'true' : 'false'} ?disabled=${this.busy === 'lock'}
          @click=${() => this.act('lock', async () => {
            this.live.workshop = await workshopsApi.lock(this.api, w.id, !w.locked);
            this.requestUpdate();
          }, t(w.locked ? 'workshops:console.unlocked' : 'workshops:console.locked'))}>${t('workshops:console.lock')}</button>
      </p>
      <p class="hint">${t('workshops:console.lockHint')}</p>
      ${this.confirmClose
        ? html`<div class="confirm" role="group" aria-labelledby="close-question">
            <p id="close-question">${t('workshops:console.closeQuestion')}</p>
            <p class="actions">
              <button type="button" class="button button--danger" ?disabled=${this.busy === 'close'} @click=${() => this.act('close', async () => {
                this.live.outcome = await workshopsApi.close(this.api, w.id);
                this.live.workshop = { ...w, state: 'closed' };
                this.confirmClose = false;
                this.requestUpdate();
              }, t('workshops:console.closedDone'))}>${t('workshops:console.closeYes')}</button>
              <button type="button" class="button button--secondary" @click=${() => (this.confirmClose = false)}>${t('common:cancel')}</button>
            </p>
          </div>`
        : html`<button type="button" class="button button--secondary" @click=${async () => {
            this.confirmClose = true;
            await this.updateComplete;
            this.querySelector<HTMLButtonElement>('.confirm .button--danger')?.focus();
          }}>${t('workshops:console.closeWorkshop')}</button>`}
    </section>`;
  }

  override render() {
    const { t } = this.i18n;
    const err = this.live.error;
    if (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        return html`<h1>${t('workshops:console.title')}</h1><p class="alert alert--error" role="alert">${t('workshops:console.facilitatorsOnly')}</p>`;
      }
      return err instanceof ApiError && err.status === 404
        ? html`<h1>${t('workshops:view.notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`;
    }
    const w = this.live.workshop;
    if (!w) return html`<p role="status">${t('loading')}</p>`;
    if (!w.canFacilitate) {
      return html`<h1>${t('workshops:console.title')}</h1><p class="alert alert--error" role="alert">${t('workshops:console.facilitatorsOnly')}</p>
        <p><a href=${workshopPath(w.id)}>${t('workshops:console.participantView')}</a></p>`;
    }
    return html`
      ${this.renderHeader(w)}
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      <div class="console">
        ${this.renderRoundAndSession(w)}
        ${w.state === 'open' || w.tables ? html`<mesa-tables-panel .workshop=${w} .tables=${this.tablesWatch.tables} .combined=${this.live.round?.combinedFrom ?? []} .participants=${this.participants} .broadcast=${this.live.broadcast}></mesa-tables-panel>` : nothing}
        <mesa-hands-queue .workshop=${w} .hands=${this.live.hands}></mesa-hands-queue>
        <mesa-questions .workshop=${w} .live=${this.live} .questions=${this.live.questions} mode="facilitate"></mesa-questions>
        ${this.renderAgenda(w)}
        ${this.renderParticipants(w)}
        ${this.renderRoom(w)}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshop-console': MesaWorkshopConsole;
  }
}
