import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { commitmentsApi, type Diff, type Version } from './commitments-api.ts';
import './mesa-word-diff.ts';

/**
 * Named versions of a commitment: drafters name the current state ("for consultation"); anyone who
 * can read it lists them and compares any two (or one with the current text) as a word diff per field.
 */
@customElement('mesa-version-panel')
export class MesaVersionPanel extends LightElement {
  @property() commitmentId = '';
  @property({ type: Boolean }) canName = false;
  @property({ attribute: false }) labelOf: (field: string) => string = (f) => f;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private versions: Version[] = [];
  @state() private from = '';
  @state() private to = 'current';
  @state() private diff: Diff[] | null = null;
  @state() private error = '';
  @state() private nameError = '';
  @state() private busy = false;
  private readonly idBase = uid('versions');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('commitmentId') && this.commitmentId) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.versions = (await commitmentsApi.versions(this.api, this.commitmentId)).items;
      if (!this.from || !this.versions.some((v) => v.id === this.from)) this.from = this.versions[this.versions.length - 1]?.id ?? '';
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  private async name(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const input = this.querySelector<HTMLInputElement>(`#${this.idBase}-label`)!;
    const label = input.value.trim();
    if (!label) {
      this.nameError = t('commitments:versions.labelNeeded');
      input.focus();
      return;
    }
    this.busy = true;
    this.nameError = '';
    try {
      const v = await commitmentsApi.nameVersion(this.api, this.commitmentId, label);
      input.value = '';
      await this.load();
      emit(this, 'mesa-announce', { message: t('commitments:versions.named', { label: v.label }) });
    } catch (err) {
      this.nameError = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private async compare(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    this.error = '';
    if (!this.from || this.from === this.to) {
      this.error = t('commitments:versions.pickTwo');
      return;
    }
    this.busy = true;
    try {
      this.diff = (await commitmentsApi.diff(this.api, this.commitmentId, this.from, this.to)).items;
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#${this.idBase}-result`)?.focus();
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  private options(selected: string) {
    const { t, formatDate } = this.i18n;
    return html`${this.versions.map((v) => html`<option value=${v.id} ?selected=${v.id === selected}>${v.label} (${formatDate(v.createdAt, { dateStyle: 'medium', timeStyle: 'short' })})</option>`)}
      <option value="current" ?selected=${selected === 'current'}>${t('commitments:versions.current')}</option>`;
  }

  override render() {
    const { t, formatDate } = this.i18n;
    const id = this.idBase;
    return html`<section class="card version-panel" aria-labelledby="${id}-heading">
      <h2 id="${id}-heading">${t('commitments:versions.heading')}</h2>
      ${this.canName
        ? html`<form class="inline-form" novalidate @submit=${this.name}>
            <div class="field ${this.nameError ? 'field--error' : ''}">
              <label for="${id}-label">${t('commitments:versions.label')}</label>
              <p class="hint" id="${id}-label-hint">${t('commitments:versions.labelHint')}</p>
              ${this.nameError ? html`<p class="field__error" id="${id}-label-error">${this.nameError}</p>` : nothing}
              <input id="${id}-label" maxlength="100" aria-describedby="${id}-label-hint${this.nameError ? ` ${id}-label-error` : ''}" aria-invalid=${this.nameError ? 'true' : nothing} />
            </div>
            <button class="button" type="submit" ?disabled=${this.busy}>${t('commitments:versions.name')}</button>
          </form>`
        : nothing}
      ${this.versions.length
        ? html`<ol class="version-list">${[...this.versions].reverse().map((v) => html`<li>
            <strong>${v.label}</strong> <span class="muted">${t('commitments:versions.meta', { date: formatDate(v.createdAt, { dateStyle: 'medium', timeStyle: 'short' }), name: v.authorName ?? '—' })}</span>
          </li>`)}</ol>
          <form class="inline-form" novalidate @submit=${this.compare} aria-label=${t('commitments:versions.compareHeading')}>
            <div class="field"><label for="${id}-from">${t('commitments:versions.from')}</label>
              <select id="${id}-from" @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>${this.options(this.from)}</select></div>
            <div class="field"><label for="${id}-to">${t('commitments:versions.to')}</label>
              <select id="${id}-to" @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>${this.options(this.to)}</select></div>
            <button class="button button--secondary" type="submit" ?disabled=${this.busy}>${t('commitments:versions.compare')}</button>
          </form>`
        : html`<p class="muted">${t('commitments:versions.none')}</p>`}
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.diff
        ? html`<div id="${id}-result" tabindex="-1" class="version-panel__result" role="region" aria-label=${t('commitments:versions.result')}>
            <mesa-word-diff .items=${this.diff} .labelOf=${this.labelOf}></mesa-word-diff></div>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-version-panel': MesaVersionPanel;
  }
}
