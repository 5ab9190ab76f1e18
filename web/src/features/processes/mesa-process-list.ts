import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { Http } from '../../api/http.ts';
import type { Process } from '@mesa/shared';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { processSpan } from './phases.ts';
import { processesApi } from './processes-api.ts';

/** The home page: every published co-creation process, with its open phase. */
@customElement('mesa-process-list')
export class MesaProcessList extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private more: Process[] = [];
  @state() private cursor: string | null = null;
  @state() private loadingMore = false;
  @state() private moreError = '';

  private readonly task = new Task(this, {
    task: async () => {
      const page = await processesApi.list(this.api);
      this.more = [];
      this.cursor = page.nextCursor;
      return page;
    },
    args: () => [],
  });

  private async loadMore(): Promise<void> {
    this.loadingMore = true;
    this.moreError = '';
    try {
      const page = await processesApi.list(this.api, this.cursor);
      this.more = [...this.more, ...page.items];
      this.cursor = page.nextCursor;
    } catch (err) {
      this.moreError = problemMessage(this.i18n.t, err);
    } finally {
      this.loadingMore = false;
    }
  }

  private card(process: Process) {
    const { t, formatDate } = this.i18n;
    const span = processSpan(process);
    return html`
      <li class="card process-card">
        <h2 class="process-card__title" lang=${process.language}>
          <a href="/processes/${encodeURIComponent(process.slug)}">${process.title}</a>
        </h2>
        <p class="process-card__description" lang=${process.language}>${process.description}</p>
        <p class="process-card__meta">
          ${process.activePhase
            ? html`<span class="badge badge--open">${t('processes:list.openPhase', { phase: t(`phase.${process.activePhase}`) })}</span>`
            : html`<span class="badge">${t('processes:list.noOpenPhase')}</span>`}
          ${span
            ? html`<span>${t('processes:list.span', { start: formatDate(span.start), end: formatDate(span.end) })}</span>`
            : nothing}
        </p>
      </li>
    `;
  }

  override render() {
    const { t } = this.i18n;
    return html`
      <h1>${t('processes:list.title')}</h1>
      <p class="lead">${t('processes:list.intro')}</p>
      ${this.task.render({
        pending: () => html`<p role="status">${t('loading')}</p>`,
        error: (err) => html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`,
        complete: (page) => {
          const items = [...page.items, ...this.more];
          if (items.length === 0) return html`<p>${t('processes:list.empty')}</p>`;
          return html`
            <p class="muted">${t('processes:list.count', { total: page.total })}</p>
            <ul class="card-list">${items.map((p) => this.card(p))}</ul>
            ${this.moreError ? html`<p class="alert alert--error" role="alert">${this.moreError}</p>` : nothing}
            ${this.cursor
              ? html`<button type="button" class="button button--secondary" ?disabled=${this.loadingMore} @click=${this.loadMore}>
                  ${this.loadingMore ? t('loading') : t('processes:list.more')}
                </button>`
              : nothing}
          `;
        },
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-process-list': MesaProcessList;
  }
}
