import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Locale } from '@mesa/shared';
import { LOCALES } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue, type Translate } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { downloadWithProgress, EXPORT_CHOICES, exportFileName, exportUrl, formatBytes, type ExportChoice } from './plan-api.ts';
import './plan.css';

type Busy = { key: string; label: string; received: number; total: number | null } | null;

const keyOf = (c: ExportChoice) => c.table ? `${c.format}-${c.table}` : c.format;
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français', pt: 'Português' };

/**
 * Links to every export of the plan in a chosen language. A click fetches the file and shows
 * the bytes received while the server builds it; the links also work as plain downloads.
 */
@customElement('mesa-plan-downloads')
export class MesaPlanDownloads extends LightElement {
  @property() slug = '';
  @property() headingLevel: 'h2' | 'h3' = 'h2';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private docLang: Locale | null = null;
  @state() private busy: Busy = null;
  @state() private message = '';
  private readonly base = uid('plan-downloads');

  private get t(): Translate {
    return this.i18n.t;
  }

  private label(c: ExportChoice): string {
    const t = this.t;
    switch (keyOf(c)) {
      case 'pdf': return t('plan:ui.downloads.pdf');
      case 'docx': return t('plan:ui.downloads.docx');
      case 'json': return t('plan:ui.downloads.json');
      case 'csv-milestones': return t('plan:ui.downloads.csvMilestones');
      default: return t('plan:ui.downloads.csvCommitments');
    }
  }

  private async fetchFile(event: MouseEvent, choice: ExportChoice, lang: Locale): Promise<void> {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (this.busy) return;
    const t = this.t;
    const label = this.label(choice);
    this.message = t('plan:ui.downloads.started', { file: label });
    this.busy = { key: keyOf(choice), label, received: 0, total: null };
    try {
      const bytes = await downloadWithProgress(this.api, exportUrl(this.slug, choice, lang), exportFileName(this.slug, choice, lang), (received, total) => {
        this.busy = { key: keyOf(choice), label, received, total };
      });
      this.message = t('plan:ui.downloads.done', { file: label, size: formatBytes(bytes, this.i18n.lng) });
    } catch (err) {
      this.message = problemMessage(this.i18n.t, err);
    } finally {
      this.busy = null;
    }
  }

  override render() {
    const t = this.t;
    const lang = this.docLang ?? this.i18n.lng;
    const headingId = `${this.base}-heading`;
    const heading = this.headingLevel === 'h3'
      ? html`<h3 id=${headingId}>${t('plan:ui.downloads.heading')}</h3>`
      : html`<h2 id=${headingId}>${t('plan:ui.downloads.heading')}</h2>`;
    const busy = this.busy;
    return html`
      <section class="plan-downloads no-print" aria-labelledby=${headingId}>
        ${heading}
        <div class="field">
          <label for="${this.base}-lang">${t('plan:ui.downloads.language')}</label>
          <select id="${this.base}-lang" @change=${(e: Event) => (this.docLang = (e.target as HTMLSelectElement).value as Locale)}>
            ${LOCALES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === lang}>${LANGUAGE_NAMES[l]}</option>`)}
          </select>
        </div>
        <ul class="plan-downloads__list">
          ${EXPORT_CHOICES.map((c) => html`<li>
            <a href=${exportUrl(this.slug, c, lang)} download=${exportFileName(this.slug, c, lang)} aria-disabled=${busy ? 'true' : nothing}
              @click=${(e: MouseEvent) => this.fetchFile(e, c, lang)}>${this.label(c)}</a>
          </li>`)}
        </ul>
        ${busy
          ? html`<div class="plan-downloads__progress">
              <label for="${this.base}-progress">${t('plan:ui.downloads.building', { file: busy.label, size: formatBytes(busy.received, this.i18n.lng) })}</label>
              <progress id="${this.base}-progress" max=${busy.total ?? nothing} value=${busy.total ? busy.received : nothing}></progress>
            </div>`
          : nothing}
        <p class="plan-downloads__status" role="status">${this.message}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-plan-downloads': MesaPlanDownloads;
  }
}
