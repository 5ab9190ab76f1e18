import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { SECTORS } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { proposalOfPath } from './ballot-model.ts';
import { criterionLabel } from './method-text.ts';
import { roundsApi, type Ballot, type Member, type Round } from './rounds-api.ts';

/**
 * Typing in a paper ballot from an in-person table: for a named forum member (admins pick from
 * the members list) or anonymous with a sector and a label. Blank boxes are abstentions.
 */
@customElement('mesa-paper-ballot')
export class MesaPaperBallot extends LightElement {
  @property({ attribute: false }) round!: Round;
  /** Admins may name the forum member the ballot belongs to. */
  @property({ type: Boolean }) admin = false;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private titles = new Map<string, { title: string; reference: string }>();
  @state() private members: Member[] = [];
  @state() private who: 'member' | 'anonymous' = 'anonymous';
  @state() private error = '';
  @state() private itemErrors: Record<string, string> = {};
  @state() private note = '';
  @state() private busy = false;
  private readonly base = uid('paper');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('round') && changed.get('round')?.id !== this.round.id) void this.load();
  }

  private async load(): Promise<void> {
    const r = this.round;
    if (r.method !== 'poll') {
      const found = await roundsApi.proposals(this.api, r.processSlug, r.items).catch(() => new Map());
      this.titles = new Map([...found.values()].map((p) => [p.id, { title: p.title, reference: p.reference }]));
    }
    if (this.admin) {
      this.members = (await roundsApi.members(this.api, r.processSlug).catch(() => ({ items: [] }))).items.filter((m) => m.role === 'forum-member');
    }
  }

  private ballotFrom(data: FormData): Ballot | string {
    const r = this.round;
    const { t } = this.i18n;
    const n = (name: string) => {
      const raw = String(data.get(name) ?? '').trim();
      return raw === '' ? undefined : Number(raw);
    };
    switch (r.method) {
      case 'criteria': {
        const scores: Record<string, Record<string, number>> = {};
        for (const id of r.items) for (const c of r.criteria) {
          const v = n(`s:${id}:${c.key}`);
          if (v !== undefined) (scores[id] ??= {})[c.key] = v;
        }
        return { scores };
      }
      case 'dots': {
        const dots: Record<string, number> = {};
        for (const id of r.items) {
          const v = n(`d:${id}`);
          if (v) dots[id] = v;
        }
        return { dots };
      }
      case 'ranking': {
        const placed = r.items.map((id) => ({ id, p: n(`r:${id}`) })).filter((x): x is { id: string; p: number } => x.p !== undefined);
        return { ranking: placed.sort((a, b) => a.p - b.p).map((x) => x.id) };
      }
      case 'poll': {
        const option = String(data.get('option') ?? '');
        return option ? { option } : t('rounds:paper.pickOption');
      }
      default:
        return t('rounds:paper.noPairwise');
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const ballot = this.ballotFrom(data);
    this.note = '';
    this.itemErrors = {};
    if (typeof ballot === 'string') {
      this.error = ballot;
      return;
    }
    const memberId = String(data.get('memberId') ?? '');
    const sector = String(data.get('sector') ?? '');
    const label = String(data.get('label') ?? '').trim();
    if (this.who === 'member' && !memberId) {
      this.error = t('rounds:paper.pickMember');
      return;
    }
    this.error = '';
    this.busy = true;
    try {
      await roundsApi.paperBallot(this.api, this.round.id, this.who === 'member'
        ? { ballot, memberId }
        : { ballot, ...(sector ? { sector: sector as (typeof SECTORS)[number] } : {}), ...(label ? { label } : {}) });
      form.reset();
      this.note = t('rounds:paper.saved');
      emit(this, 'mesa-announce', { message: this.note });
    } catch (err) {
      const items: Record<string, string> = {};
      if (err instanceof ApiError) for (const x of err.errors) {
        const id = proposalOfPath(x.path.replace(/^ballot\./, ''), ballot);
        if (id) items[id] ??= x.message;
      }
      this.itemErrors = items;
      this.error = Object.keys(items).length ? t('rounds:paper.checkRows') : err instanceof ApiError && err.errors[0] ? err.errors[0].message : problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private renderItems() {
    const { t } = this.i18n;
    const r = this.round;
    if (r.method === 'poll') {
      return html`<div class="field"><label for="${this.base}-option">${t('rounds:paper.option')}</label>
        <select id="${this.base}-option" name="option"><option value="">${t('rounds:paper.none')}</option>
          ${r.items.map((o) => html`<option value=${o}>${o}</option>`)}</select></div>`;
    }
    const cols = r.method === 'criteria' ? r.criteria.map((c) => ({ name: (id: string) => `s:${id}:${c.key}`, label: criterionLabel(t, c.key), min: 1, max: 5 }))
      : r.method === 'dots' ? [{ name: (id: string) => `d:${id}`, label: t('rounds:paper.dots'), min: 0, max: r.maxDotsPerItem }]
      : [{ name: (id: string) => `r:${id}`, label: t('rounds:paper.position'), min: 1, max: r.maxRanked }];
    return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${this.base}-caption">
      <table class="table paper-table">
        <caption id="${this.base}-caption">${t('rounds:paper.tableCaption')}</caption>
        <thead><tr><th scope="col">${t('rounds:results.proposal')}</th>${cols.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
        <tbody>${r.items.map((id, row) => {
          const p = this.titles.get(id);
          const name = `${p?.reference ?? ''} ${p?.title ?? id}`.trim();
          return html`<tr>
            <th scope="row" id="${this.base}-row${row}">${name}${this.itemErrors[id] ? html`<span class="field__error"> ${this.itemErrors[id]}</span>` : nothing}</th>
            ${cols.map((c) => html`<td><input type="number" inputmode="numeric" name=${c.name(id)} min=${c.min} max=${c.max}
              aria-label=${`${c.label}: ${name}`} /></td>`)}
          </tr>`;
        })}</tbody>
      </table>
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    if (this.round.method === 'pairwise') return html`<p class="hint">${t('rounds:paper.noPairwise')}</p>`;
    const radio = (value: 'member' | 'anonymous', text: string) => html`<label class="check">
      <input type="radio" name="who" value=${value} .checked=${this.who === value} @change=${() => (this.who = value)} /> ${text}</label>`;
    return html`<form class="paper-ballot stack" novalidate @submit=${this.submit}>
      <fieldset class="choice-row">
        <legend>${t('rounds:paper.whose')}</legend>
        ${this.admin ? radio('member', t('rounds:paper.member')) : nothing}
        ${radio('anonymous', t('rounds:paper.anonymous'))}
      </fieldset>
      ${this.who === 'member'
        ? html`<div class="field"><label for="${this.base}-member">${t('rounds:paper.memberLabel')}</label>
            <select id="${this.base}-member" name="memberId"><option value="">${t('rounds:paper.none')}</option>
              ${this.members.map((m) => html`<option value=${m.userId}>${m.displayName}${m.sector ? ` (${t(`sector.${m.sector}` as 'sector.resident')})` : ''}</option>`)}
            </select></div>`
        : html`<div class="inline-form">
            <div class="field"><label for="${this.base}-sector">${t('rounds:paper.sector')}</label>
              <select id="${this.base}-sector" name="sector"><option value="">${t('rounds:paper.none')}</option>
                ${SECTORS.map((s) => html`<option value=${s}>${t(`sector.${s}`)}</option>`)}</select></div>
            <div class="field"><label for="${this.base}-label">${t('rounds:paper.label')}</label>
              <input id="${this.base}-label" name="label" maxlength="100" autocomplete="off" /></div>
          </div>`}
      <p class="hint">${t('rounds:paper.hint')}</p>
      ${this.renderItems()}
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.note ? html`<p class="alert alert--success">${this.note}</p>` : nothing}
      <button class="button" type="submit" ?disabled=${this.busy}>${t('rounds:paper.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-paper-ballot': MesaPaperBallot;
  }
}
