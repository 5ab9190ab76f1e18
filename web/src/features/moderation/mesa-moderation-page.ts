import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { Http } from '../../api/http.ts';
import { moderationApi, type ModerationItem } from './moderation-api.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-sign-in-needed.ts';
import { processPath, proposalPath } from '../proposals/proposal-model.ts';
import { processesApi } from '../processes/processes-api.ts';

/** Admin: the moderation queue of a process (reported proposals and comments), with hide / unhide. */
@customElement('mesa-moderation-page')
export class MesaModerationPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private items: ModerationItem[] | null = null;
  @state() private busy = new Set<string>();
  @state() private error = '';

  private readonly task = new Task(this, {
    task: async ([slug, admin]) => {
      if (!admin) return null;
      const [process, queue] = await Promise.all([processesApi.get(this.api, slug), moderationApi.queue(this.api, slug)]);
      this.items = queue.items;
      return process;
    },
    args: () => [this.slug, isAdmin(this.session.user)] as const,
  });

  private reasons(item: ModerationItem): string {
    const { t } = this.i18n;
    const label = (r: string) => t(`moderation:reason.${r}` as 'moderation:reason.spam');
    return Object.entries(item.reasons)
      .map(([r, n]) => `${label(r)} (${n})`)
      .join(', ');
  }

  private async toggle(item: ModerationItem): Promise<void> {
    const { t } = this.i18n;
    const key = `${item.targetType}:${item.targetId}`;
    this.busy = new Set([...this.busy, key]);
    this.error = '';
    try {
      await moderationApi.setHidden(this.api, item.targetType, item.targetId, !item.hidden);
      this.items = (this.items ?? []).map((i) => (i === item ? { ...i, hidden: !item.hidden } : i));
      emit(this, 'mesa-announce', { message: item.hidden ? t('moderation:unhidden') : t('moderation:hidden') });
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      const next = new Set(this.busy);
      next.delete(key);
      this.busy = next;
    }
  }

  private renderItem(item: ModerationItem) {
    const { t, formatDate } = this.i18n;
    const key = `${item.targetType}:${item.targetId}`;
    const proposal = item.proposalId ?? (item.targetType === 'proposals' ? item.targetId : null);
    const href = item.commitmentId
      ? `/commitments/${item.commitmentId}#comment-${item.targetId}`
      : proposal ? (item.targetType === 'comments' ? `${proposalPath(proposal)}#comment-${item.targetId}` : proposalPath(proposal)) : null;
    const headingId = `mod-${item.targetId}`;
    return html`
      <li class="card moderation-item ${item.hidden ? 'moderation-item--hidden' : ''}">
        <article aria-labelledby=${headingId}>
          <p class="proposal-card__meta">
            <span class="tag">${item.targetType === 'comments' ? t('moderation:queue.comment') : t('moderation:queue.proposal')}</span>
            ${item.deleted ? html`<span class="badge">${t('moderation:deletedBadge')}</span>` : nothing}
            ${item.hidden
              ? html`<span class="badge badge--warning">${t('moderation:hiddenBadge')}</span>`
              : html`<span class="badge">${t('moderation:visibleBadge')}</span>`}
          </p>
          <h2 class="moderation-item__excerpt" id=${headingId}>
            ${href ? html`<a href=${href}>${item.excerpt || t('moderation:queue.noExcerpt')}</a>` : item.excerpt || t('moderation:queue.noExcerpt')}
          </h2>
          <dl class="facts">
            <div><dt>${t('moderation:queue.reports')}</dt><dd>${item.reportsCount}</dd></div>
            <div><dt>${t('moderation:queue.reasons')}</dt><dd>${this.reasons(item)}</dd></div>
            <div><dt>${t('moderation:queue.last')}</dt><dd><time datetime=${item.lastReportedAt}>${formatDate(item.lastReportedAt, { dateStyle: 'medium', timeStyle: 'short' })}</time></dd></div>
          </dl>
          <button type="button" class="button button--secondary" ?disabled=${this.busy.has(key)} @click=${() => this.toggle(item)}
            aria-describedby=${headingId}>
            ${item.hidden ? t('moderation:unhide') : t('moderation:hide')}
          </button>
        </article>
      </li>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const heading = t('moderation:queue.title');
    if (!this.session.ready) return html`<p role="status">${t('loading')}</p>`;
    if (!this.session.user) return html`<mesa-sign-in-needed .heading=${heading} .next=${location.pathname}></mesa-sign-in-needed>`;
    if (!isAdmin(this.session.user)) return html`<h1>${heading}</h1><p class="alert alert--error">${t('errors.not-allowed')}</p>`;
    return this.task.render({
      pending: () => html`<h1>${heading}</h1><p role="status">${t('loading')}</p>`,
      error: (err) => html`<h1>${heading}</h1><p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`,
      complete: (process) => {
        const items = this.items ?? [];
        return html`
          ${process
            ? html`<p class="breadcrumb"><a href=${processPath(process.slug)} lang=${process.language}>← ${process.title}</a></p>`
            : nothing}
          <h1>${heading}</h1>
          <p class="lead">${t('moderation:queue.intro')}</p>
          ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
          ${items.length === 0
            ? html`<p>${t('moderation:queue.empty')}</p>`
            : html`<p class="muted">${t('moderation:queue.count', { count: items.length })}</p>
                <ul class="card-list">${items.map((i) => this.renderItem(i))}</ul>`}
        `;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-moderation-page': MesaModerationPage;
  }
}
