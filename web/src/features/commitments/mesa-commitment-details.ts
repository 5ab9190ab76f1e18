import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PolicyArea } from '@mesa/shared';
import { POLICY_AREAS } from '@mesa/shared/values';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import type { Commitment } from './commitments-api.ts';
import { PatchForm } from './patch-form.ts';

const FIELDS = ['title', 'area', 'leadInstitution', 'government', 'civilSociety', 'startsOn', 'endsOn', 'contact'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** One name per line, blank lines dropped. */
export const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

/** The structured fields of a commitment (title, area, lead institution, stakeholders, dates, contact), saved with PATCH and baseVersion. */
@customElement('mesa-commitment-details')
export class MesaCommitmentDetails extends PatchForm {
  @state() private values: Values = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Values;
  private readonly base_id = uid('details');

  private fid(f: string) {
    return `${this.base_id}-${f}`;
  }

  protected reset(): void {
    const c = this.base!;
    this.values = {
      title: c.title, area: c.area, leadInstitution: c.leadInstitution,
      government: c.supportingStakeholders.government.join('\n'), civilSociety: c.supportingStakeholders.civilSociety.join('\n'),
      startsOn: c.startsOn ?? '', endsOn: c.endsOn ?? '', contact: c.contact,
    };
  }

  protected ownKey(c: Commitment): string {
    return JSON.stringify([c.title, c.area, c.leadInstitution, c.supportingStakeholders, c.startsOn, c.endsOn, c.contact]);
  }

  protected fieldOf(path: string): string {
    if (path.startsWith('supportingStakeholders.government')) return 'government';
    if (path.startsWith('supportingStakeholders.civilSociety')) return 'civilSociety';
    return byField(FIELDS)(path);
  }

  protected collect() {
    const { t } = this.i18n;
    const v = this.values;
    const errors: FieldErrors = {};
    if (v.title.trim().length < 3) errors.title = t('commitments:details.titleNeeded');
    for (const f of ['government', 'civilSociety'] as const) {
      const names = lines(v[f]);
      if (names.length > 30 || names.some((n) => n.length > 200)) errors[f] = t('commitments:details.stakeholdersTooLong');
    }
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) errors.endsOn = t('commitments:details.endBeforeStart');
    if (Object.keys(errors).length) return { errors };
    return {
      patch: {
        title: v.title.trim(), area: v.area as PolicyArea, leadInstitution: v.leadInstitution.trim(),
        supportingStakeholders: { government: lines(v.government), civilSociety: lines(v.civilSociety) },
        startsOn: v.startsOn || null, endsOn: v.endsOn || null, contact: v.contact.trim(),
      },
    };
  }

  private set(f: keyof Values, e: Event): void {
    this.values = { ...this.values, [f]: (e.target as HTMLInputElement).value };
    this.changed();
  }

  private field(f: keyof Values, label: string, control: (id: string, describedBy: string | typeof nothing) => unknown, hint = '') {
    const id = this.fid(f);
    const err = this.form.errors[f];
    const described = [hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<div class="field ${err ? 'field--error' : ''}">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
      ${err ? html`<p class="field__error" id="${id}-error">${err}</p>` : nothing}
      ${control(id, described)}
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    if (!this.base) return nothing;
    const v = this.values;
    const ro = this.readonly;
    const input = (f: keyof Values, type = 'text', max = 300) => (id: string, d: string | typeof nothing) =>
      html`<input id=${id} type=${type} maxlength=${type === 'date' ? nothing : max} .value=${v[f]} ?readonly=${ro} aria-describedby=${d} aria-invalid=${this.form.errors[f] ? 'true' : nothing} @input=${(e: Event) => this.set(f, e)} />`;
    const area = (f: keyof Values) => (id: string, d: string | typeof nothing) =>
      html`<textarea id=${id} rows="3" .value=${v[f]} ?readonly=${ro} aria-describedby=${d} aria-invalid=${this.form.errors[f] ? 'true' : nothing} @input=${(e: Event) => this.set(f, e)}></textarea>`;
    return html`<form class="card commitment-details" novalidate @submit=${this.save} aria-labelledby=${this.fid('heading')}>
      <h2 id=${this.fid('heading')}>${t('commitments:details.heading')}</h2>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => this.fid(f))}></mesa-error-summary>
      ${this.renderNotices()}
      ${this.field('title', t('commitments:details.title'), input('title'))}
      ${this.field('area', t('commitments:details.area'), (id) => html`<select id=${id} ?disabled=${ro} @change=${(e: Event) => this.set('area', e)}>
        ${POLICY_AREAS.map((a) => html`<option value=${a} ?selected=${a === v.area}>${t(`area.${a}`)}</option>`)}</select>`)}
      ${this.field('leadInstitution', t('commitments:details.leadInstitution'), input('leadInstitution'))}
      <div class="two-columns">
        ${this.field('government', t('commitments:details.government'), area('government'), t('commitments:details.onePerLine'))}
        ${this.field('civilSociety', t('commitments:details.civilSociety'), area('civilSociety'), t('commitments:details.onePerLine'))}
      </div>
      <div class="two-columns">
        ${this.field('startsOn', t('commitments:details.startsOn'), input('startsOn', 'date'))}
        ${this.field('endsOn', t('commitments:details.endsOn'), input('endsOn', 'date'))}
      </div>
      ${this.field('contact', t('commitments:details.contact'), input('contact'), t('commitments:details.contactHint'))}
      ${ro ? nothing : html`<button class="button" type="submit" ?disabled=${this.form.busy || !this.dirty}>${t('commitments:details.save')}</button>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-commitment-details': MesaCommitmentDetails;
  }
}
