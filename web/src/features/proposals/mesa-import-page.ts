import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, normalisePath, type Http, type FieldProblem } from '../../api/http.ts';
import { proposalsApi, type ImportResult } from './proposals-api.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-sign-in-needed.ts';
import { csvRowCount, importFormat, importLimit, jsonRowCount, megabytes, uploadFigures } from './import-model.ts';
import { processPath } from './proposal-model.ts';
import { processesApi } from '../processes/processes-api.ts';

interface RowProblem {
  row: number;
  field: string;
  message: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing'; rows: number | null }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'rejected'; rows: RowProblem[]; other: string[] }
  | { kind: 'failed'; message: string };

/** "3.area" (or "items.3.area") → row 3, field "area". */
export function rowProblems(errors: FieldProblem[]): { rows: RowProblem[]; other: string[] } {
  const rows: RowProblem[] = [];
  const other: string[] = [];
  for (const e of errors) {
    const m = /^(?:items\.)?(\d+)(?:\.(.+))?$/.exec(normalisePath(e.path));
    if (m) rows.push({ row: Number(m[1]), field: m[2] ?? '', message: e.message });
    else other.push(e.message);
  }
  rows.sort((a, b) => a.row - b.row);
  return { rows, other };
}

/** Admin: import proposals from a JSON or CSV file (the fixtures' shape); all rows or none. */
@customElement('mesa-import-page')
export class MesaImportPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private phase: Phase = { kind: 'idle' };
  @state() private fileError = '';
  private readonly base = uid('import');

  private readonly task = new Task(this, {
    task: ([slug]) => processesApi.get(this.api, slug),
    args: () => [this.slug] as const,
  });

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const input = this.querySelector<HTMLInputElement>(`#${this.base}-file`)!;
    const file = input.files?.[0];
    this.fileError = '';
    const format = file ? importFormat(file) : 'json';
    if (!file) this.fileError = t('proposals:import.errors.noFile');
    else if (file.size > importLimit(format)) this.fileError = t('proposals:import.errors.tooLarge', { mb: megabytes(importLimit(format)), format: format.toUpperCase() });
    // the rows are counted here to say "Importing N rows…" while the server works
    let rows: number | null = null;
    if (file && !this.fileError) {
      const text = await file.text();
      if (format === 'csv') rows = csvRowCount(text);
      else {
        try {
          rows = jsonRowCount(JSON.parse(text));
        } catch {
          this.fileError = t('proposals:import.errors.badJson');
        }
      }
    }
    if (this.fileError) {
      await this.updateComplete;
      input.focus();
      return;
    }
    this.phase = { kind: 'uploading', loaded: 0, total: file!.size };
    // on a phone the progress is below the button: bring it into view
    void this.updateComplete.then(() => this.querySelector('.import-progress')?.scrollIntoView({ block: 'nearest' }));
    try {
      const result = await proposalsApi.importFile(this.api, this.slug, file!, format === 'csv' ? 'text/csv' : 'application/json', {
        progress: ({ loaded, total }) => (this.phase = { kind: 'uploading', loaded, total: total || file!.size }),
        sent: () => {
          this.phase = { kind: 'processing', rows };
          if (rows !== null) emit(this, 'mesa-announce', { message: this.importingText(rows) });
        },
      });
      this.phase = { kind: 'done', result };
      emit(this, 'mesa-announce', { message: t('proposals:import.done', { imported: result.imported.toLocaleString(this.i18n.lng) }) });
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        const { rows, other } = rowProblems(err.errors);
        this.phase = { kind: 'rejected', rows, other };
        emit(this, 'mesa-announce', { message: t('proposals:import.rejected', { count: new Set(rows.map((r) => r.row)).size }) });
      } else {
        const message = err instanceof ApiError && err.status === 413 ? t('proposals:import.errors.tooLarge') : problemMessage(t, err);
        this.phase = { kind: 'failed', message };
        emit(this, 'mesa-announce', { message });
      }
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>('.import-result')?.focus();
  }

  /** "Importing 20,000 rows…", the number written the reader's way. */
  private importingText(rows: number): string {
    return this.i18n.t('proposals:import.importing', { count: rows, rows: rows.toLocaleString(this.i18n.lng) });
  }

  /** "0.9 of 3 MB sent (30 %)", the numbers written the reader's way. */
  private sentText(loaded: number, total: number): string {
    const f = uploadFigures(loaded, total);
    const mb = new Intl.NumberFormat(this.i18n.lng, { maximumFractionDigits: 1 });
    return this.i18n.t('proposals:import.sent', { sent: mb.format(f.sent), total: mb.format(f.total), percent: f.percent });
  }

  /** The server words most problems itself; a few come as codes, worded here. */
  private problemText(message: string): string {
    const codes = ['body-or-summary', 'area-required'] as const;
    const code = codes.find((c) => c === message);
    return code ? this.i18n.t(`proposals:import.codes.${code}`) : message;
  }

  private renderPhase() {
    const { t } = this.i18n;
    const p = this.phase;
    switch (p.kind) {
      case 'idle':
        return nothing;
      case 'uploading':
        return html`<div class="import-progress">
          <label for="${this.base}-progress">${t('proposals:import.uploading')}</label>
          <progress id="${this.base}-progress" max=${p.total || 1} value=${p.loaded}></progress>
          <p class="import-progress__figures">${this.sentText(p.loaded, p.total)}</p>
        </div>`;
      case 'processing':
        return html`<div class="import-progress">
          <label for="${this.base}-progress">${p.rows === null ? t('proposals:import.processing') : this.importingText(p.rows)}</label>
          <progress id="${this.base}-progress"></progress>
        </div>`;
      case 'done':
        return html`<div class="alert alert--success import-result" tabindex="-1">
          <h2>${t('proposals:import.done', { imported: p.result.imported.toLocaleString(this.i18n.lng) })}</h2>
          ${p.result.references.length
            ? html`<details><summary>${t('proposals:import.references')}</summary>
                <p class="references">${p.result.references.join(', ')}</p></details>`
            : nothing}
          <p><a href=${processPath(this.slug)}>${t('proposals:import.seeList')}</a></p>
        </div>`;
      case 'rejected': {
        const count = new Set(p.rows.map((r) => r.row)).size;
        return html`<div class="alert alert--error import-result" tabindex="-1">
          <h2>${t('proposals:import.rejected', { count })}</h2>
          <p>${t('proposals:import.nothingImported')}</p>
          ${p.other.length ? html`<ul>${p.other.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
          ${p.rows.length
            ? html`<div class="table-wrap"><table class="table">
                <caption>${t('proposals:import.tableCaption')}</caption>
                <thead><tr>
                  <th scope="col">${t('proposals:import.row')}</th>
                  <th scope="col">${t('proposals:import.field')}</th>
                  <th scope="col">${t('proposals:import.problem')}</th>
                </tr></thead>
                <tbody>${p.rows.map(
                  (r) => html`<tr data-row-index=${r.row}><td>${r.row + 1}</td><td><code>${r.field || '—'}</code></td><td>${this.problemText(r.message)}</td></tr>`,
                )}</tbody>
              </table></div>`
            : nothing}
        </div>`;
      }
      case 'failed':
        return html`<div class="alert alert--error import-result" tabindex="-1" role="alert">${p.message}</div>`;
    }
  }

  override render() {
    const { t } = this.i18n;
    const heading = t('proposals:import.title');
    if (!this.session.ready) return html`<p role="status">${t('loading')}</p>`;
    if (!this.session.user) return html`<mesa-sign-in-needed .heading=${heading} .next=${location.pathname}></mesa-sign-in-needed>`;
    if (!isAdmin(this.session.user)) return html`<h1>${heading}</h1><p class="alert alert--error">${t('errors.not-allowed')}</p>`;
    const busy = this.phase.kind === 'uploading' || this.phase.kind === 'processing';
    const process = this.task.value;
    return html`
      ${process ? html`<p class="breadcrumb"><a href=${processPath(process.slug)} lang=${process.language}>← ${process.title}</a></p>` : nothing}
      <h1>${heading}</h1>
      <p class="lead">${t('proposals:import.intro')}</p>
      <form novalidate @submit=${this.submit}>
        <div class="field ${this.fileError ? 'field--error' : ''}">
          <label for="${this.base}-file">${t('proposals:import.file')}</label>
          <p class="hint" id="${this.base}-hint">${t('proposals:import.fileHint', { csvMb: megabytes(importLimit('csv')), jsonMb: megabytes(importLimit('json')) })}</p>
          ${this.fileError ? html`<p class="field__error" id="${this.base}-error">${this.fileError}</p>` : nothing}
          <input id="${this.base}-file" type="file" name="file" accept=".json,.csv,application/json,text/csv"
            aria-describedby="${this.base}-hint${this.fileError ? ` ${this.base}-error` : ''}" aria-invalid=${this.fileError ? 'true' : nothing}
            @change=${() => ((this.fileError = ''), (this.phase = { kind: 'idle' }))} />
        </div>
        <button type="submit" class="button" ?disabled=${busy}>${t('proposals:import.submit')}</button>
      </form>
      <div>${this.renderPhase()}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-import-page': MesaImportPage;
  }
}
