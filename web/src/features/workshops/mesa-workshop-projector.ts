import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-countdown.ts';
import '../../ui/mesa-qr-code.ts';
import '../proposals/mesa-live-status.ts';
import { serverOffset } from './server-clock.ts';
import { WorkshopLive } from './workshop-live.ts';
import { joinUrl, type Workshop } from './workshops-api.ts';
import './mesa-questions.ts';
import './mesa-tally-view.ts';
import './workshops.css';

/**
 * The projector view (`/workshops/:id/projector`): large type for the room's screen, the join
 * code, link and a QR code drawn here, how many are present and have voted, the countdown, the
 * results as bars once revealed or closed (a result pulled back from the tables says so), the
 * facilitator's message and timer, and the most upvoted open questions.
 */
@customElement('mesa-workshop-projector')
export class MesaWorkshopProjector extends LightElement {
  @property() workshopId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  private readonly live = new WorkshopLive(this, { workshopId: () => this.workshopId, api: () => this.api });

  protected override updated(): void {
    const w = this.live.workshop;
    if (w && !document.title.startsWith(w.title)) emit(this, 'mesa-title', { title: w.title });
  }

  private renderJoin(w: Workshop) {
    const { t } = this.i18n;
    if (!w.code || w.state !== 'open') return nothing;
    const link = joinUrl(w.code);
    return html`<section class="projector__join" aria-labelledby="projector-join">
      <h2 id="projector-join">${t('workshops:projector.join')}</h2>
      <p class="projector__code" data-code=${w.code}>${w.code}</p>
      <p class="projector__link">${link}</p>
      <mesa-qr-code .value=${link} .alt=${t('workshops:projector.qrAlt', { link })}></mesa-qr-code>
      ${w.locked ? html`<p class="badge badge--warning">${t('workshops:console.lockedBadge')}</p>` : nothing}
    </section>`;
  }

  private renderBroadcast() {
    const { t } = this.i18n;
    const b = this.live.broadcast;
    if (!b || this.live.workshop?.state !== 'open') return nothing;
    return html`<div class="broadcast projector__broadcast">
      ${b.message ? html`<p class="broadcast__message">${b.message}</p>` : nothing}
      ${b.endsAt ? html`<mesa-countdown .until=${b.endsAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>` : nothing}
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    const err = this.live.error;
    if (err) {
      return err instanceof ApiError && err.status === 404
        ? html`<h1>${t('workshops:view.notFound')}</h1>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`;
    }
    const w = this.live.workshop;
    if (!w) return html`<p role="status">${t('loading')}</p>`;
    const round = this.live.round;
    const tally = this.live.tally;
    const item = w.agenda[w.currentItem];
    return html`<div class="projector">
      <header class="projector__head">
        <h1>${w.title}</h1>
        <mesa-live-status .status=${this.live.room.status} .joined=${this.live.room.joined}></mesa-live-status>
      </header>
      <div class="projector__grid">
        ${this.renderJoin(w)}
        <section class="projector__main" aria-labelledby="projector-now">
          <h2 id="projector-now" class="projector__label">${w.state === 'closed' ? t('workshops:projector.closed') : t('workshops:view.now', { n: w.currentItem + 1, total: w.agenda.length })}</h2>
          ${item && w.state === 'open' ? html`<p class="projector__item">${item.reference ? html`<span class="proposal-card__ref">${item.reference}</span> ` : nothing}${item.title}</p>` : nothing}
          <p class="projector__counts">
            <span><strong data-present=${w.participants}>${w.participants}</strong> ${t('workshops:projector.present')}</span>
            ${tally && round && tally.roundId === round.id ? html`<span><strong data-ballots=${tally.participants}>${tally.participants}</strong> ${t('workshops:projector.voted')}</span>` : nothing}
          </p>
          ${round
            ? html`<div class="projector__round" data-round=${round.id} data-state=${round.state}>
                <h3>${round.title} <span class="badge ${round.state === 'open' ? 'badge--open' : 'badge--closed'}">${t(`rounds:state.${round.state}`)}</span></h3>
                ${round.combinedFrom ? html`<p class="combined-note">${t('workshops:tables.combinedFrom', { count: round.combinedFrom.length })}</p>` : nothing}
                ${round.state === 'open' && round.closesAt ? html`<mesa-countdown .until=${round.closesAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>` : nothing}
                <mesa-tally-view large .tally=${tally} .round=${round} .workshop=${w}></mesa-tally-view>
              </div>`
            : nothing}
          ${this.renderBroadcast()}
          ${w.state === 'open' ? html`<mesa-questions .workshop=${w} .live=${this.live} .questions=${this.live.questions} mode="project"></mesa-questions>` : nothing}
        </section>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshop-projector': MesaWorkshopProjector;
  }
}
