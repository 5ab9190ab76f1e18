import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-countdown.ts';
import { roundsApi } from '../rounds/rounds-api.ts';
import { serverOffset } from './server-clock.ts';
import { alreadyPulledBack, latestTableRounds } from './tables-model.ts';
import { workshopsApi, type Broadcast, type ParticipantRow, type TableProgress, type TableStrategy, type Workshop } from './workshops-api.ts';

const TIMERS = [0, 60, 120, 180, 300, 600, 900, 1200] as const;

/**
 * The facilitator's breakout tables: split those present into N tables (at random, balancing
 * sectors, or by hand with a select per person), each table's members and ballots in, a message
 * or timer to every table, pulling the tables' results back into the plenary, and closing them.
 */
@customElement('mesa-tables-panel')
export class MesaTablesPanel extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  @property({ attribute: false }) tables: TableProgress[] = [];
  @property({ attribute: false }) participants: ParticipantRow[] = [];
  @property({ attribute: false }) broadcast: Broadcast | null = null;
  /** The table rounds the plenary's latest result was combined from. */
  @property({ attribute: false }) combined: string[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private count = 2;
  @state() private strategy: TableStrategy = 'balanced';
  /** By hand: participant key → table. */
  @state() private manual = new Map<string, number>();
  @state() private busy = '';
  @state() private error = '';
  @state() private confirmClose = false;
  @state() private reform = false;
  private readonly base = uid('tables');

  /** Runs an action; on success the control that started it may be gone, so the keyboard goes to the panel's heading. */
  private async act(name: string, action: () => Promise<unknown>, done: string, refocus = true): Promise<boolean> {
    this.busy = name;
    this.error = '';
    try {
      await action();
      emit(this, 'mesa-announce', { message: done });
      if (refocus) void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#${this.base}-heading`)?.focus());
      return true;
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
      return false;
    } finally {
      this.busy = '';
    }
  }

  /** The table someone is at now, else a round-robin default. */
  private tableFor(key: string, index: number): number {
    const chosen = this.manual.get(key);
    if (chosen && chosen <= this.count) return chosen;
    const seated = this.tables.find((t) => t.members.some((m) => m.key === key))?.table;
    return seated && seated <= this.count ? seated : (index % this.count) + 1;
  }

  private async form(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const w = this.workshop;
    const body: Parameters<typeof workshopsApi.formTables>[2] = { count: this.count, strategy: this.strategy };
    if (this.strategy === 'manual') body.assignments = Object.fromEntries(this.participants.map((p, i) => [p.key, this.tableFor(p.key, i)]));
    const ok = await this.act('form', () => workshopsApi.formTables(this.api, w.id, body), t('workshops:tables.formed', { count: this.count }));
    if (ok) {
      this.reform = false;
      this.manual = new Map();
    }
  }

  private renderForm(w: Workshop) {
    const { t } = this.i18n;
    const id = (f: string) => `${this.base}-${f}`;
    const strategies: TableStrategy[] = ['balanced', 'random', 'manual'];
    return html`<form class="stack tables-form" novalidate @submit=${this.form} aria-labelledby=${id('form-heading')}>
      <h3 id=${id('form-heading')}>${w.tables ? t('workshops:tables.reformHeading') : t('workshops:tables.formHeading')}</h3>
      ${this.participants.length === 0 ? html`<p class="hint">${t('workshops:tables.nobody')}</p>` : nothing}
      <div class="field">
        <label for=${id('count')}>${t('workshops:tables.count')}</label>
        <input id=${id('count')} class="number-input" type="number" inputmode="numeric" min="1" max="50" .value=${String(this.count)}
          @input=${(ev: Event) => {
            const n = Number((ev.target as HTMLInputElement).value);
            if (Number.isInteger(n) && n >= 1 && n <= 50) this.count = n;
          }} />
      </div>
      <fieldset class="field">
        <legend>${t('workshops:tables.strategy')}</legend>
        ${strategies.map((s) => html`<label class="check"><input type="radio" name="strategy" value=${s} .checked=${this.strategy === s}
          @change=${() => (this.strategy = s)} /> ${t(`workshops:tables.strategies.${s}`)}</label>`)}
      </fieldset>
      ${this.strategy === 'manual' && this.participants.length
        ? html`<fieldset class="field">
            <legend>${t('workshops:tables.byHand')}</legend>
            <ul class="seat-list">
              ${this.participants.map((p, i) => html`<li class="seat-list__row">
                <label for=${id(`seat-${i}`)}>${t('workshops:tables.seatLabel', { name: p.displayName })}</label>
                <select id=${id(`seat-${i}`)} @change=${(ev: Event) => {
                  const next = new Map(this.manual);
                  next.set(p.key, Number((ev.target as HTMLSelectElement).value));
                  this.manual = next;
                }}>
                  ${Array.from({ length: this.count }, (_, n) => html`<option value=${n + 1} ?selected=${this.tableFor(p.key, i) === n + 1}>${t('workshops:tables.tableN', { n: n + 1 })}</option>`)}
                </select>
              </li>`)}
            </ul>
          </fieldset>`
        : nothing}
      <p class="actions">
        <button class="button" type="submit" ?disabled=${this.busy === 'form' || this.participants.length === 0}>${w.tables ? t('workshops:tables.reform') : t('workshops:tables.form')}</button>
        ${w.tables ? html`<button class="button button--secondary" type="button" @click=${() => (this.reform = false)}>${t('common:cancel')}</button>` : nothing}
      </p>
    </form>`;
  }

  private renderTables() {
    const { t } = this.i18n;
    return html`<ul class="tables-grid">
      ${this.tables.map((table) => {
        const round = table.rounds.at(-1);
        return html`<li class="table-card" data-table=${table.table} aria-labelledby="${this.base}-table-${table.table}">
          <h3 id="${this.base}-table-${table.table}">${t('workshops:tables.tableN', { n: table.table })}
            <span class="muted">· ${t('workshops:tables.people', { count: table.members.length })}</span></h3>
          ${table.members.length
            ? html`<ul class="table-card__members">${table.members.map((m) => html`<li>${m.displayName}
                <span class="muted">${m.sector ? t(`sector.${m.sector}` as 'sector.resident') : t('workshops:console.noSector')}</span></li>`)}</ul>`
            : html`<p class="muted">${t('workshops:tables.empty')}</p>`}
          ${round
            ? html`<p class="table-card__round" data-round=${round.id} data-state=${round.state}>
                <span class="badge ${round.state === 'open' ? 'badge--open' : 'badge--closed'}">${t(`rounds:state.${round.state}` as 'rounds:state.open')}</span>
                ${round.title}: <strong data-ballots=${round.ballots}>${t('workshops:tables.ballots', { ballots: round.ballots, total: table.members.length })}</strong></p>`
            : html`<p class="muted">${t('workshops:tables.noRound')}</p>`}
        </li>`;
      })}
    </ul>`;
  }

  private async sendBroadcast(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const message = String(data.get('message') ?? '').trim();
    const timerSec = Number(data.get('timerSec') ?? 0);
    if (!message && !timerSec) {
      this.error = t('workshops:broadcast.empty');
      return;
    }
    if (message.length > 500) {
      this.error = t('workshops:broadcast.long');
      return;
    }
    const ok = await this.act('broadcast', () => workshopsApi.broadcast(this.api, this.workshop.id, { ...(message ? { message } : {}), ...(timerSec ? { timerSec } : {}) }), t('workshops:broadcast.sent'), false);
    if (ok) form.reset();
  }

  private renderBroadcast() {
    const { t } = this.i18n;
    const id = (f: string) => `${this.base}-${f}`;
    const b = this.broadcast;
    return html`<form class="stack broadcast-form" novalidate @submit=${this.sendBroadcast} aria-labelledby=${id('broadcast-heading')}>
      <h3 id=${id('broadcast-heading')}>${t('workshops:broadcast.heading')}</h3>
      <p class="hint">${t('workshops:broadcast.hint')}</p>
      <div class="field">
        <label for=${id('message')}>${t('workshops:broadcast.message')}</label>
        <textarea id=${id('message')} name="message" rows="2" maxlength="500"></textarea>
      </div>
      <div class="field">
        <label for=${id('timer')}>${t('workshops:broadcast.timer')}</label>
        <select id=${id('timer')} name="timerSec">
          ${TIMERS.map((s) => html`<option value=${s}>${s === 0 ? t('workshops:round.noTimer') : t('workshops:round.minutes', { count: s / 60 })}</option>`)}
        </select>
      </div>
      <button class="button" type="submit" ?disabled=${this.busy === 'broadcast'}>${t('workshops:broadcast.send')}</button>
      ${b ? html`<div class="broadcast-last"><p class="muted">${t('workshops:broadcast.last')}</p>
          ${b.message ? html`<p class="broadcast__message">${b.message}</p>` : nothing}
          ${b.endsAt ? html`<mesa-countdown .until=${b.endsAt} .offset=${serverOffset()} .label=${t('workshops:view.timeLeft')} .endedText=${t('workshops:view.timeUp')}></mesa-countdown>` : nothing}</div>`
        : nothing}
    </form>`;
  }

  private async pullBack(rounds: TableProgress['rounds']): Promise<void> {
    const { t } = this.i18n;
    const title = t('workshops:tables.combinedTitle', { title: rounds[0]!.title }).slice(0, 200);
    await this.act('combine', async () => {
      for (const r of rounds) if (r.state === 'open') await roundsApi.close(this.api, r.id);
      await workshopsApi.combine(this.api, this.workshop.id, rounds.map((r) => r.id), title);
    }, t('workshops:tables.combined'));
  }

  private renderPullBack() {
    const { t } = this.i18n;
    const rounds = latestTableRounds(this.tables);
    if (!rounds) return html`<p class="hint">${t('workshops:tables.pullHintNone')}</p>`;
    if (alreadyPulledBack(rounds, this.combined)) return html`<p class="hint" data-pulled>${t('workshops:tables.pulled', { title: rounds[0]!.title })}</p>`;
    const open = rounds.filter((r) => r.state === 'open').length;
    const ballots = rounds.reduce((a, r) => a + r.ballots, 0);
    return html`<div class="pull-back">
      <p class="hint">${open ? t('workshops:tables.pullHintOpen', { title: rounds[0]!.title, ballots }) : t('workshops:tables.pullHint', { title: rounds[0]!.title, ballots })}</p>
      <button type="button" class="button" ?disabled=${this.busy === 'combine'} @click=${() => this.pullBack(rounds)}>${t('workshops:tables.pull')}</button>
    </div>`;
  }

  private renderClose() {
    const { t } = this.i18n;
    if (!this.confirmClose) {
      return html`<button type="button" class="button button--secondary" @click=${async () => {
        this.confirmClose = true;
        await this.updateComplete;
        this.querySelector<HTMLButtonElement>('.tables-close .button--danger')?.focus();
      }}>${t('workshops:tables.close')}</button>`;
    }
    return html`<div class="confirm tables-close" role="group" aria-labelledby="${this.base}-close-q">
      <p id="${this.base}-close-q">${t('workshops:tables.closeQuestion')}</p>
      <p class="actions">
        <button type="button" class="button button--danger" ?disabled=${this.busy === 'close'} @click=${async () => {
          if (await this.act('close', () => workshopsApi.closeTables(this.api, this.workshop.id), t('workshops:tables.closed'))) this.confirmClose = false;
        }}>${t('workshops:tables.closeYes')}</button>
        <button type="button" class="button button--secondary" @click=${() => (this.confirmClose = false)}>${t('common:cancel')}</button>
      </p>
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    const w = this.workshop;
    const open = w.state === 'open';
    return html`<section class="card console-block tables-panel" aria-labelledby="${this.base}-heading">
      <h2 id="${this.base}-heading" tabindex="-1">${w.tables ? t('workshops:tables.headingCount', { count: w.tables }) : t('workshops:tables.heading')}</h2>
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${!w.tables ? html`<p class="hint">${t('workshops:tables.intro')}</p>` : nothing}
      ${w.tables ? this.renderTables() : nothing}
      ${open && w.tables ? this.renderPullBack() : nothing}
      ${open && (!w.tables || this.reform) ? this.renderForm(w) : nothing}
      ${open && w.tables && !this.reform
        ? html`<p class="actions"><button type="button" class="button button--secondary" @click=${() => (this.reform = true)}>${t('workshops:tables.reformOpen')}</button>
            ${this.renderClose()}</p>`
        : nothing}
      ${open ? this.renderBroadcast() : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-tables-panel': MesaTablesPanel;
  }
}
