import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { emit } from '../../events.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import type { Commitment } from './commitments-api.ts';
import { PatchForm } from './patch-form.ts';

interface Row {
  key: number;
  title: string;
  deliverable: string;
  startsOn: string;
  endsOn: string;
  responsible: string;
}
const COLUMNS = ['title', 'deliverable', 'startsOn', 'endsOn', 'responsible'] as const;
type Column = (typeof COLUMNS)[number];
const MAX_ROWS = 50;

/** The milestones of a commitment as an editable table (add, edit, remove rows), saved with PATCH and baseVersion. */
@customElement('mesa-milestone-table')
export class MesaMilestoneTable extends PatchForm {
  @state() private rows: Row[] = [];
  private readonly idPrefix = uid('milestones');
  private nextKey = 0;

  private cellId(i: number, c: Column) {
    return `${this.idPrefix}-${i}-${c}`;
  }

  protected reset(): void {
    this.rows = this.base!.milestones.map((m) => ({
      key: this.nextKey++, title: m.title, deliverable: m.deliverable, startsOn: m.startsOn ?? '', endsOn: m.endsOn ?? '', responsible: m.responsible,
    }));
  }

  protected ownKey(c: Commitment): string {
    return JSON.stringify(c.milestones.map((m) => [m.title, m.deliverable, m.startsOn, m.endsOn, m.responsible]));
  }

  /** `milestones.2.endsOn` → the cell's id. */
  protected fieldOf(path: string): string {
    const m = /^milestones\.(\d+)(?:\.(\w+))?/.exec(path);
    if (!m) return '';
    const c = (COLUMNS as readonly string[]).includes(m[2] ?? '') ? (m[2] as Column) : 'title';
    return this.cellId(Number(m[1]), c);
  }

  protected collect() {
    const { t } = this.i18n;
    const errors: FieldErrors = {};
    this.rows.forEach((r, i) => {
      if (!r.title.trim()) errors[this.cellId(i, 'title')] = t('commitments:milestones.titleNeeded', { n: i + 1 });
      if (r.startsOn && r.endsOn && r.endsOn < r.startsOn) errors[this.cellId(i, 'endsOn')] = t('commitments:milestones.endBeforeStart', { n: i + 1 });
    });
    if (Object.keys(errors).length) return { errors };
    return {
      patch: {
        milestones: this.rows.map((r) => ({
          title: r.title.trim(), deliverable: r.deliverable.trim(), startsOn: r.startsOn || null, endsOn: r.endsOn || null, responsible: r.responsible.trim(),
        })),
      },
    };
  }

  private edit(i: number, c: Column, e: Event): void {
    this.rows = this.rows.map((r, j) => (j === i ? { ...r, [c]: (e.target as HTMLInputElement).value } : r));
    this.changed();
  }

  private async add(): Promise<void> {
    if (this.rows.length >= MAX_ROWS) return;
    this.rows = [...this.rows, { key: this.nextKey++, title: '', deliverable: '', startsOn: '', endsOn: '', responsible: '' }];
    this.changed();
    await this.updateComplete;
    document.getElementById(this.cellId(this.rows.length - 1, 'title'))?.focus();
  }

  private async removeRow(i: number): Promise<void> {
    const { t } = this.i18n;
    const title = this.rows[i]?.title || t('commitments:milestones.untitled', { n: i + 1 });
    this.rows = this.rows.filter((_, j) => j !== i);
    this.changed();
    emit(this, 'mesa-announce', { message: t('commitments:milestones.removed', { title }) });
    await this.updateComplete;
    // Focus stays in the table: the row that took this one's place, else the add button.
    const next = document.getElementById(this.cellId(Math.min(i, this.rows.length - 1), 'title'));
    (next ?? this.querySelector<HTMLElement>('.milestones__add'))?.focus();
  }

  override render() {
    const { t } = this.i18n;
    if (!this.base) return nothing;
    const ro = this.readonly;
    const items = Object.entries(this.form.errors).map(([fieldId, message]) => ({ fieldId, message }));
    const headings: Record<Column, string> = {
      title: t('commitments:milestones.title'), deliverable: t('commitments:milestones.deliverable'), startsOn: t('commitments:milestones.startsOn'),
      endsOn: t('commitments:milestones.endsOn'), responsible: t('commitments:milestones.responsible'),
    };
    const cell = (r: Row, i: number, c: Column) => {
      const id = this.cellId(i, c);
      const err = this.form.errors[id];
      const type = c === 'startsOn' || c === 'endsOn' ? 'date' : 'text';
      return html`<td class=${err ? 'field--error' : ''} data-label=${headings[c]}>
        <label class="milestones__label" for=${id}>${headings[c]} <span class="visually-hidden">(${t('commitments:milestones.row', { n: i + 1 })})</span></label>
        ${err ? html`<p class="field__error" id="${id}-error">${err}</p>` : nothing}
        ${c === 'deliverable'
          ? html`<textarea id=${id} rows="2" maxlength="1000" .value=${r[c]} ?readonly=${ro} aria-invalid=${err ? 'true' : nothing} aria-describedby=${err ? `${id}-error` : nothing} @input=${(e: Event) => this.edit(i, c, e)}></textarea>`
          : html`<input id=${id} type=${type} maxlength=${type === 'date' ? nothing : 300} .value=${r[c]} ?readonly=${ro} aria-invalid=${err ? 'true' : nothing} aria-describedby=${err ? `${id}-error` : nothing} @input=${(e: Event) => this.edit(i, c, e)} />`}
      </td>`;
    };
    return html`<form class="card milestones" novalidate @submit=${this.save} aria-labelledby="${this.idPrefix}-heading">
      <h2 id="${this.idPrefix}-heading">${t('commitments:milestones.heading')}</h2>
      <p class="hint">${t('commitments:milestones.intro')}</p>
      <mesa-error-summary .heading=${t('formErrors')} .items=${items}></mesa-error-summary>
      ${this.renderNotices()}
      ${this.rows.length
        ? html`<table class="milestones__table">
            <caption class="visually-hidden">${t('commitments:milestones.heading')}</caption>
            <thead><tr>${COLUMNS.map((c) => html`<th scope="col">${headings[c]}</th>`)}${ro ? nothing : html`<th scope="col"><span class="visually-hidden">${t('commitments:milestones.actions')}</span></th>`}</tr></thead>
            <tbody>${this.rows.map((r, i) => html`<tr data-row=${i}>
              ${COLUMNS.map((c) => cell(r, i, c))}
              ${ro ? nothing : html`<td><button type="button" class="button button--secondary button--small" @click=${() => this.removeRow(i)}
                aria-label=${t('commitments:milestones.remove', { title: r.title || t('commitments:milestones.untitled', { n: i + 1 }) })}>${t('commitments:milestones.removeShort')}</button></td>`}
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">${t('commitments:milestones.none')}</p>`}
      ${ro
        ? nothing
        : html`<p class="actions">
            <button type="button" class="button button--secondary milestones__add" ?disabled=${this.rows.length >= MAX_ROWS} @click=${this.add}>${t('commitments:milestones.add')}</button>
            <button type="submit" class="button" ?disabled=${this.form.busy || !this.dirty}>${t('commitments:milestones.save')}</button>
          </p>`}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-milestone-table': MesaMilestoneTable;
  }
}
