import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import { roundsApi, type Method, type NewRound, type Round } from '../rounds/rounds-api.ts';
import type { Workshop } from './workshops-api.ts';
import { emit } from '../../events.ts';

const LIVE_METHODS: readonly Method[] = ['dots', 'criteria', 'ranking', 'poll'];
const TIMERS = [0, 30, 60, 120, 180, 300, 600] as const;
const FIELDS = ['title', 'method', 'proposalIds', 'options', 'dotsPerParticipant', 'maxDotsPerItem', 'maxRanked', 'durationSec'] as const;

/**
 * The facilitator's form to put a round to the room: created on the workshop and opened at once;
 * with breakout tables, either in the plenary or as one round per table (the same settings, so
 * their results can be pulled back together).
 */
@customElement('mesa-live-round-form')
export class MesaLiveRoundForm extends LightElement {
  @property({ attribute: false }) workshop!: Workshop;
  /** How many breakout tables there are (0: none). */
  @property({ type: Number }) tables = 0;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private method: Method = 'dots';
  @state() private chosen = new Set<string>();
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });
  private readonly base = uid('live-round');
  private forItem = -1;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('workshop') && this.workshop.currentItem !== this.forItem) {
      this.forItem = this.workshop.currentItem;
      this.chosen = this.defaultChoice(this.method);
    }
  }

  private fid(f: string): string {
    return `${this.base}-${f}`;
  }

  private proposals() {
    return this.workshop.agenda.flatMap((a, i) => (a.proposalId ? [{ ...a, proposalId: a.proposalId, index: i }] : []));
  }

  /** Criteria: the item under discussion; dots and ranking: every proposal on the agenda. */
  private defaultChoice(method: Method): Set<string> {
    const current = this.workshop.agenda[this.workshop.currentItem]?.proposalId;
    if (method === 'criteria' && current) return new Set([current]);
    return new Set(this.proposals().map((p) => p.proposalId));
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const num = (n: string) => {
      const raw = String(data.get(n) ?? '').trim();
      return raw === '' ? undefined : Number(raw);
    };
    const method = this.method;
    const current = this.workshop.agenda[this.workshop.currentItem];
    const body: NewRound = {
      title: String(data.get('title') ?? '').trim() || (current?.title ?? '').slice(0, 200),
      method,
      workshopId: this.workshop.id,
      resultsVisible: data.get('resultsVisible') === 'on',
    };
    const errors: FieldErrors = {};
    if (body.title.length < 3) errors.title = t('workshops:round.titleNeeded');
    if (method === 'poll') {
      const options = String(data.get('options') ?? '').split('\n').map((o) => o.trim()).filter(Boolean);
      if (options.length < 2 || options.length > 20) errors.options = t('workshops:round.optionsNeeded');
      body.options = options;
    } else {
      const ids = this.proposals().map((p) => p.proposalId).filter((id) => this.chosen.has(id));
      if (!ids.length) errors.proposalIds = t('workshops:round.proposalsNeeded');
      body.proposalIds = ids;
    }
    if (method === 'dots') {
      body.dotsPerParticipant = num('dotsPerParticipant');
      body.maxDotsPerItem = num('maxDotsPerItem');
    }
    if (method === 'ranking') body.maxRanked = num('maxRanked');
    const everyTable = this.tables > 0 && data.get('where') === 'tables';
    const timer = Number(data.get('durationSec') ?? 0);
    if (timer > 0) body.durationSec = timer;
    for (const k of Object.keys(body) as Array<keyof NewRound>) if (body[k] === undefined) delete body[k];
    if (!this.form.check(errors)) return;
    await this.form.run(async () => {
      const tables = everyTable ? Array.from({ length: this.tables }, (_, i) => i + 1) : [undefined];
      // Every table's round is created before any opens: a refused setting stops them all.
      const created = [];
      for (const tableNo of tables) created.push(await roundsApi.create(this.api, this.workshop.processSlug, tableNo ? { ...body, tableNo } : body));
      let round: Round | undefined;
      for (const c of created) round = await roundsApi.open(this.api, c.id);
      emit(this, 'mesa-live-round-opened', { round: round!, tables: everyTable ? tables.length : 0 });
    });
  }

  private number(name: string, label: string, value: string) {
    return html`<div class="field ${this.form.errors[name] ? 'field--error' : ''}">
      <label for=${this.fid(name)}>${label}</label>
      ${this.form.errors[name] ? html`<p class="field__error">${this.form.errors[name]}</p>` : nothing}
      <input id=${this.fid(name)} name=${name} class="number-input" type="number" inputmode="numeric" min="1" max="100" .value=${value} />
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    const current = this.workshop.agenda[this.workshop.currentItem];
    const proposals = this.proposals();
    return html`<form class="card stack live-round-form" novalidate @submit=${this.submit} aria-labelledby=${this.fid('heading')}>
      <h3 id=${this.fid('heading')}>${t('workshops:round.heading')}</h3>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => this.fid(f))}></mesa-error-summary>
      <div class="field ${e.title ? 'field--error' : ''}">
        <label for=${this.fid('title')}>${t('workshops:round.title')}</label>
        <p class="hint" id="${this.fid('title')}-hint">${t('workshops:round.titleHint')}</p>
        ${e.title ? html`<p class="field__error">${e.title}</p>` : nothing}
        <input id=${this.fid('title')} name="title" maxlength="200" .value=${current?.title.slice(0, 200) ?? ''} aria-describedby="${this.fid('title')}-hint" />
      </div>
      ${this.tables > 0
        ? html`<fieldset class="field">
            <legend>${t('workshops:round.where')}</legend>
            <label class="check"><input type="radio" name="where" value="tables" checked /> ${t('workshops:round.everyTable', { count: this.tables })}</label>
            <label class="check"><input type="radio" name="where" value="plenary" /> ${t('workshops:round.plenary')}</label>
          </fieldset>`
        : nothing}
      <div class="field">
        <label for=${this.fid('method')}>${t('workshops:round.method')}</label>
        <select id=${this.fid('method')} name="method" @change=${(ev: Event) => {
          this.method = (ev.target as HTMLSelectElement).value as Method;
          this.chosen = this.defaultChoice(this.method);
        }}>${LIVE_METHODS.map((m) => html`<option value=${m} ?selected=${m === this.method}>${t(`rounds:method.${m}`)}</option>`)}</select>
      </div>
      ${this.method === 'poll'
        ? html`<div class="field ${e.options ? 'field--error' : ''}">
            <label for=${this.fid('options')}>${t('workshops:round.options')}</label>
            <p class="hint" id="${this.fid('options')}-hint">${t('workshops:round.optionsHint')}</p>
            ${e.options ? html`<p class="field__error">${e.options}</p>` : nothing}
            <textarea id=${this.fid('options')} name="options" rows="4" aria-describedby="${this.fid('options')}-hint"></textarea>
          </div>`
        : html`<fieldset class="field ${e.proposalIds ? 'field--error' : ''}" id=${this.fid('proposalIds')} tabindex="-1">
            <legend>${t('workshops:round.proposals')}</legend>
            ${e.proposalIds ? html`<p class="field__error">${e.proposalIds}</p>` : nothing}
            ${proposals.length === 0 ? html`<p class="hint">${t('workshops:round.noProposals')}</p>` : nothing}
            ${proposals.map((p) => html`<label class="check"><input type="checkbox" .checked=${this.chosen.has(p.proposalId)}
              @change=${(ev: Event) => {
                const next = new Set(this.chosen);
                if ((ev.target as HTMLInputElement).checked) next.add(p.proposalId);
                else next.delete(p.proposalId);
                this.chosen = next;
              }} /> ${p.reference ? `${p.reference} ` : ''}${p.title}</label>`)}
          </fieldset>`}
      ${this.method === 'dots'
        ? html`<div class="inline-form">${this.number('dotsPerParticipant', t('rounds:form.dotsPerParticipant'), '5')}
            ${this.number('maxDotsPerItem', t('rounds:form.maxDotsPerItem'), '3')}</div>`
        : nothing}
      ${this.method === 'ranking' ? this.number('maxRanked', t('rounds:form.maxRanked'), String(Math.min(5, Math.max(1, proposals.length)))) : nothing}
      <div class="field">
        <label for=${this.fid('durationSec')}>${t('workshops:round.timer')}</label>
        <select id=${this.fid('durationSec')} name="durationSec">
          ${TIMERS.map((s) => html`<option value=${s} ?selected=${s === 120}>${s === 0 ? t('workshops:round.noTimer') : s < 60 ? t('workshops:round.seconds', { count: s }) : t('workshops:round.minutes', { count: s / 60 })}</option>`)}
        </select>
      </div>
      <label class="check"><input type="checkbox" name="resultsVisible" /> ${t('workshops:round.showAtOnce')}</label>
      <button class="button" type="submit" ?disabled=${this.form.busy}>${t('workshops:round.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-live-round-form': MesaLiveRoundForm;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-live-round-opened': CustomEvent<{ round: Round; tables: number }>;
  }
}
