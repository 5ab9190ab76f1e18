import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-char-count.ts';

type Tab = 'write' | 'preview';

/**
 * A markdown textarea with Write / Preview tabs (ARIA tabs, arrow keys) and a character count.
 * The preview is rendered by the server (`POST /api/markdown/preview`), which sanitises it: the
 * same renderer as the published proposal. The textarea stays in the surrounding form.
 */
@customElement('mesa-markdown-editor')
export class MesaMarkdownEditor extends LightElement {
  @property() fieldId = '';
  @property() name = 'body';
  @property() label = '';
  @property() hint = '';
  @property() error = '';
  @property() value = '';
  @property() inputLang?: string;
  @property({ type: Number }) max = 10_000;
  @property({ type: Number }) rows = 10;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private tab: Tab = 'write';
  @state() private length = 0;
  @state() private preview: { source: string; html: string } | null = null;
  @state() private previewError = '';
  @state() private previewing = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.length = this.value.length;
  }

  /** Back to the Write tab (e.g. to show an error on the text). */
  showWrite(): void {
    this.tab = 'write';
  }

  private get textarea(): HTMLTextAreaElement | null {
    return this.querySelector<HTMLTextAreaElement>(`#${this.fieldId}`);
  }

  private async show(tab: Tab, focus = false): Promise<void> {
    this.tab = tab;
    if (tab === 'preview') void this.loadPreview();
    await this.updateComplete;
    if (focus) this.querySelector<HTMLElement>(`#${this.fieldId}-tab-${tab}`)?.focus();
  }

  private async loadPreview(): Promise<void> {
    const source = this.textarea?.value ?? '';
    if (this.preview?.source === source) return;
    this.previewError = '';
    if (!source.trim()) {
      this.preview = { source, html: '' };
      return;
    }
    this.previewing = true;
    try {
      const { html: rendered } = await proposalsApi.preview(this.api, source);
      this.preview = { source, html: rendered };
    } catch (err) {
      this.previewError = problemMessage(this.i18n.t, err);
    } finally {
      this.previewing = false;
    }
  }

  private onTabKey(event: KeyboardEvent): void {
    const order: Tab[] = ['write', 'preview'];
    const i = order.indexOf(this.tab);
    let next: Tab | undefined;
    if (event.key === 'ArrowRight') next = order[(i + 1) % order.length];
    else if (event.key === 'ArrowLeft') next = order[(i + order.length - 1) % order.length];
    else if (event.key === 'Home') next = order[0];
    else if (event.key === 'End') next = order[order.length - 1];
    if (!next) return;
    event.preventDefault();
    void this.show(next, true);
  }

  private renderTab(tab: Tab, label: string) {
    const id = this.fieldId;
    const selected = this.tab === tab;
    return html`<button type="button" role="tab" id="${id}-tab-${tab}" aria-controls="${id}-panel-${tab}"
      aria-selected=${selected ? 'true' : 'false'} tabindex=${selected ? 0 : -1} class="tab"
      @click=${() => this.show(tab)} @keydown=${this.onTabKey}>${label}</button>`;
  }

  override render() {
    const { t } = this.i18n;
    const id = this.fieldId;
    const described = [this.hint ? `${id}-hint` : '', `${id}-count`, this.error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const empty = this.preview !== null && !this.preview.html;
    return html`
      <div class="field md-editor ${this.error ? 'field--error' : ''}">
        <label for=${id}>${this.label}</label>
        ${this.hint ? html`<p id="${id}-hint" class="hint">${this.hint}</p>` : nothing}
        ${this.error ? html`<p id="${id}-error" class="field__error">${this.error}</p>` : nothing}
        <div class="tabs" role="tablist" aria-label=${t('proposals:form.editorTabs', { field: this.label })}>
          ${this.renderTab('write', t('proposals:form.write'))} ${this.renderTab('preview', t('proposals:form.preview'))}
        </div>
        <div role="tabpanel" id="${id}-panel-write" aria-labelledby="${id}-tab-write" ?hidden=${this.tab !== 'write'}>
          <textarea id=${id} name=${this.name} rows=${this.rows} .value=${this.value} lang=${this.inputLang ?? nothing}
            aria-describedby=${described} aria-invalid=${this.error ? 'true' : nothing}
            @input=${(e: Event) => (this.length = (e.target as HTMLTextAreaElement).value.length)}></textarea>
        </div>
        <div role="tabpanel" id="${id}-panel-preview" aria-labelledby="${id}-tab-preview" tabindex="0"
          class="md-preview" ?hidden=${this.tab !== 'preview'} aria-busy=${this.previewing ? 'true' : 'false'}>
          ${this.previewing
            ? html`<p class="muted">${t('loading')}</p>`
            : this.previewError
              ? html`<p class="alert alert--error">${this.previewError}</p>`
              : empty
                ? html`<p class="muted">${t('proposals:form.previewEmpty')}</p>`
                : html`<div class="prose" lang=${this.inputLang ?? nothing}>${unsafeHTML(this.preview?.html ?? '')}</div>`}
        </div>
        <mesa-char-count .controlId=${id} .length=${this.length} .max=${this.max}></mesa-char-count>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-markdown-editor': MesaMarkdownEditor;
  }
}
