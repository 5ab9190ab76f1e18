import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { TimelineEntry } from '@mesa/shared';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** The public record of what changed in a process and when, newest first. */
@customElement('mesa-timeline-log')
export class MesaTimelineLog extends LightElement {
  @property({ attribute: false }) entries: TimelineEntry[] = [];
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private describe(entry: TimelineEntry): string {
    const { t } = this.i18n;
    const kind = entry.detail?.kind;
    const phase = kind ? t(`phase.${kind}` as 'phase.open-call', { defaultValue: kind }) : '';
    switch (entry.action) {
      case 'created':
        return t('processes:log.created');
      case 'phase-opened':
        return t('processes:log.phaseOpened', { phase });
      case 'phases-changed':
        return t('processes:log.phasesChanged');
      default:
        return t('processes:log.other', { action: entry.action });
    }
  }

  private entry(entry: TimelineEntry) {
    const { t, formatDate } = this.i18n;
    return html`
      <li class="log__entry">
        <time class="log__time" datetime=${entry.at}>${formatDate(entry.at, DATE_TIME)}</time>
        <span class="log__what">
          ${this.describe(entry)}
          ${entry.detail?.outsideSchedule
            ? html`<span class="badge badge--warning">${t('processes:log.outsideSchedule')}</span>`
            : ''}
        </span>
        ${entry.actorName ? html`<span class="log__who">${t('processes:log.by', { name: entry.actorName })}</span>` : ''}
      </li>
    `;
  }

  override render() {
    const { t } = this.i18n;
    // Newest first; entries made in the same instant keep the server's order, reversed.
    const sorted = this.entries
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => Date.parse(b.entry.at) - Date.parse(a.entry.at) || b.index - a.index)
      .map(({ entry }) => entry);
    return html`
      <section class="section" aria-labelledby="timeline-log-heading">
        <h2 id="timeline-log-heading">${t('processes:log.heading')}</h2>
        <p class="muted">${t('processes:log.intro')}</p>
        ${sorted.length
          ? html`<ol class="log" reversed>${sorted.map((e) => this.entry(e))}</ol>`
          : html`<p>${t('processes:log.empty')}</p>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-timeline-log': MesaTimelineLog;
  }
}
