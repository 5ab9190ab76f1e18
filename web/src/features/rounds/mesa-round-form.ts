import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { criterionLabel } from './method-text.ts';
import { METHODS_ONLINE, roundsApi, type Method, type NewRound, type Round } from './rounds-api.ts';

const FIELDS = ['title', 'method', 'criteria', 'dotsPerParticipant', 'maxDotsPerItem', 'maxRanked', 'proposalIds'] as const;
const KEY = /^[a-z][a-z0-9-]{0,30}$/;

/** A facilitator's form for a new prioritisation round of the process (created as a draft, opened from the list). */
@customElement('mesa-round-form')
export class MesaRoundForm extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private method: Method = 'criteria';
  @state() private criteria: Array<{ key: string; weight: string }> = [{ key: 'feasibility', weight: '1' }, { key: 'impact', weight: '1' }];
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });
  private readonly base = uid('round-form');

  private fid(field: string): string {
    return `${this.base}-${field}`;
  }

  private num(data: FormData, name: string): number | undefined {
    const raw = String(data.get(name) ?? '').trim();
    return raw === '' ? undefined : Number(raw);
  }

  private validate(body: NewRound): FieldErrors {
    const { t } = this.i18n;
    const errors: FieldErrors = {};
    if (body.title.trim().length < 3) errors.title = t('rounds:form.titleNeeded');
    const whole = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isInteger(v) && v >= min && v <= max);
    if (body.method === 'criteria') {
      const keys = new Set<string>();
      const bad = (body.criteria ?? []).some((c) => !KEY.test(c.key) || !(c.weight > 0 && c.weight <= 100) || keys.size === keys.add(c.key).size);
      if (!body.criteria?.length || bad) errors.criteria = t('rounds:form.criteriaInvalid');
    }
    if (body.method === 'dots') {
      if (!whole(body.dotsPerParticipant, 1, 100)) errors.dotsPerParticipant = t('rounds:form.wholeNumber', { min: 1, max: 100 });
      if (!whole(body.maxDotsPerItem, 1, 100)) errors.maxDotsPerItem = t('rounds:form.wholeNumber', { min: 1, max: 100 });
    }
    if (body.method === 'ranking' && !whole(body.maxRanked, 1, 100)) errors.maxRanked = t('rounds:form.wholeNumber', { min: 1, max: 100 });
    return errors;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body: NewRound = {
      title: String(data.get('title') ?? '').trim(),
      method: this.method,
      resultsVisible: data.get('resultsVisible') === 'on',
      equalSectorWeight: data.get('equalSectorWeight') === 'on',
      eligibility: data.get('residents') === 'on' ? 'residents' : 'forum',
    };
    if (this.method === 'criteria') body.criteria = this.criteria.map((c) => ({ key: c.key.trim(), weight: Number(c.weight) }));
    if (this.method === 'dots') {
      body.dotsPerParticipant = this.num(data, 'dotsPerParticipant');
      body.maxDotsPerItem = this.num(data, 'maxDotsPerItem');
    }
    if (this.method === 'ranking') body.maxRanked = this.num(data, 'maxRanked');
    for (const k of Object.keys(body) as Array<keyof NewRound>) if (body[k] === undefined) delete body[k];
    if (!this.form.check(this.validate(body))) return;
    await this.form.run(async () => {
      const round = await roundsApi.create(this.api, this.slug, body);
      form.reset();
      this.method = 'criteria';
      this.criteria = [{ key: 'feasibility', weight: '1' }, { key: 'impact', weight: '1' }];
      emit(this, 'mesa-announce', { message: this.i18n.t('rounds:form.created', { title: round.title }) });
      emit(this, 'mesa-round-created', { round });
    });
  }

  private renderCriteria() {
    const { t } = this.i18n;
    const error = this.form.errors.criteria;
    return html`<fieldset class="field ${error ? 'field--error' : ''}" id=${this.fid('criteria')} tabindex="-1">
      <legend>${t('rounds:form.criteria')}</legend>
      <p class="hint">${t('rounds:form.criteriaHint')}</p>
      ${error ? html`<p class="field__error">${error}</p>` : nothing}
      <div class="criteria-rows">
        ${this.criteria.map((c, i) => html`<div class="criteria-row">
          <div class="field">
            <label for=${this.fid(`ck${i}`)}>${t('rounds:form.criterionKey', { n: i + 1 })}</label>
            <input id=${this.fid(`ck${i}`)} .value=${c.key} autocomplete="off" spellcheck="false" pattern="[a-z][a-z0-9-]*"
              aria-describedby=${this.fid(`cd${i}`)}
              @input=${(e: Event) => (this.criteria = this.criteria.map((x, j) => (j === i ? { ...x, key: (e.target as HTMLInputElement).value.toLowerCase() } : x)))} />
            <span class="hint" id=${this.fid(`cd${i}`)}>${KEY.test(c.key) ? criterionLabel(this.i18n.t, c.key) : ''}</span>
          </div>
          <div class="field">
            <label for=${this.fid(`cw${i}`)}>${t('rounds:form.weight')}</label>
            <input id=${this.fid(`cw${i}`)} class="number-input" type="number" inputmode="decimal" min="0.1" max="100" step="0.1" .value=${c.weight}
              @input=${(e: Event) => (this.criteria = this.criteria.map((x, j) => (j === i ? { ...x, weight: (e.target as HTMLInputElement).value } : x)))} />
          </div>
          <button type="button" class="button button--secondary button--small" ?disabled=${this.criteria.length <= 1}
            aria-label=${t('rounds:form.removeCriterion', { n: i + 1 })}
            @click=${() => (this.criteria = this.criteria.filter((_, j) => j !== i))}>${t('rounds:form.remove')}</button>
        </div>`)}
      </div>
      <button type="button" class="button button--secondary button--small" ?disabled=${this.criteria.length >= 6}
        @click=${() => (this.criteria = [...this.criteria, { key: '', weight: '1' }])}>${t('rounds:form.addCriterion')}</button>
    </fieldset>`;
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    const order = FIELDS.filter((f) => f !== 'proposalIds');
    return html`<form class="card stack" novalidate @submit=${this.submit} aria-labelledby=${this.fid('heading')}>
      <h3 id=${this.fid('heading')}>${t('rounds:form.heading')}</h3>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(order, (f) => this.fid(f))}></mesa-error-summary>
      <mesa-field .fieldId=${this.fid('title')} name="title" .label=${t('rounds:form.title')} .error=${e.title ?? ''} required></mesa-field>
      <div class="field ${e.method ? 'field--error' : ''}">
        <label for=${this.fid('method')}>${t('rounds:form.method')}</label>
        <select id=${this.fid('method')} name="method" @change=${(ev: Event) => (this.method = (ev.target as HTMLSelectElement).value as Method)}>
          ${METHODS_ONLINE.map((m) => html`<option value=${m} ?selected=${m === this.method}>${t(`rounds:method.${m}`)}</option>`)}
        </select>
        <p class="hint">${t(`rounds:methodHint.${this.method}`)}</p>
      </div>
      ${this.method === 'criteria' ? this.renderCriteria() : nothing}
      ${this.method === 'dots'
        ? html`<mesa-field .fieldId=${this.fid('dotsPerParticipant')} name="dotsPerParticipant" .label=${t('rounds:form.dotsPerParticipant')} value="5" .error=${e.dotsPerParticipant ?? ''}></mesa-field>
            <mesa-field .fieldId=${this.fid('maxDotsPerItem')} name="maxDotsPerItem" .label=${t('rounds:form.maxDotsPerItem')} value="3" .error=${e.maxDotsPerItem ?? ''}></mesa-field>`
        : nothing}
      ${this.method === 'ranking'
        ? html`<mesa-field .fieldId=${this.fid('maxRanked')} name="maxRanked" .label=${t('rounds:form.maxRanked')} value="5" .error=${e.maxRanked ?? ''}></mesa-field>`
        : nothing}
      <fieldset class="choice-row">
        <legend>${t('rounds:form.options')}</legend>
        <label class="check"><input type="checkbox" name="resultsVisible" /> ${t('rounds:form.resultsVisible')}</label>
        <label class="check"><input type="checkbox" name="equalSectorWeight" /> ${t('rounds:form.equalSectorWeight')}</label>
        <label class="check"><input type="checkbox" name="residents" /> ${t('rounds:form.residents')}</label>
      </fieldset>
      ${e.proposalIds ? html`<p class="alert alert--error">${e.proposalIds}</p>` : nothing}
      <p class="hint">${t('rounds:form.itemsHint')}</p>
      <button class="button" type="submit" ?disabled=${this.form.busy}>${t('rounds:form.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-round-form': MesaRoundForm;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-round-created': CustomEvent<{ round: Round }>;
  }
}
