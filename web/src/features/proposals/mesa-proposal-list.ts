import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import type { Process } from '@mesa/shared';
import { isAdmin } from '../../contexts/session.ts';
import { listQuery, proposalsApi, type Proposal, type ProposalFacets, type ProposalFilters, type ProposalStats } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LiveAnnouncer } from '../../controllers/live-announcer.ts';
import { RoomController } from '../../controllers/room-controller.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { countChanges, countIn, filtersFromSearch, isRecord, matchesFilters, patchItem, processPath, sameFilters, searchWithFilters, type CountChange } from './proposal-model.ts';
import type { MesaMergeDialog } from './mesa-merge-dialog.ts';
import './mesa-live-status.ts';
import './mesa-merge-dialog.ts';
import './mesa-proposal-card.ts';
import './mesa-proposal-filters.ts';

const PAGE_SIZE = 20;
const FRESH_MS = 8000;
/** Search terms typed within this long of the last one replace its history entry instead of adding one. */
const TYPING_MS = 2000;

/**
 * The proposals of a process: filters with counts, search, sort, "load more" paging, stats,
 * supports, and live updates from the `process:<slug>` room (new proposals at the top of the
 * recent list, counts in place, a rate-limited announcement of what changed). The filters,
 * sort, search and random seed live in the URL's query string: a link shows the same list, and
 * Back / Forward step through the filters chosen.
 */
@customElement('mesa-proposal-list')
export class MesaProposalList extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;

  @state() private filters: ProposalFilters = { sort: 'recent' };
  @state() private items: Proposal[] = [];
  @state() private total = 0;
  @state() private nextCursor: string | null = null;
  @state() private facets: ProposalFacets | undefined;
  @state() private stats: ProposalStats | undefined;
  @state() private loading = true;
  @state() private loadingMore = false;
  @state() private error = '';
  @state() private fresh = new Set<string>();
  /** Proposals created live that the current sort or search does not show yet. */
  @state() private unseen = 0;
  @state() private selected = new Set<string>();
  private seed: string | null = null;
  /** Events that arrive while a page is loading are applied once it is there. */
  private buffered: Array<[string, unknown]> = [];
  private request = 0;
  private loadedSlug: string | undefined;
  private loadedUser: string | null | undefined;
  /** When the URL last took a search term (to fold a burst of typing into one history entry). */
  private lastSearchPush = 0;

  private readonly live = new LiveAnnouncer(this, (count, latest) => this.i18n.t('proposals:live.summary', { count, latest }));
  private readonly room = new RoomController(this, {
    room: () => (this.process ? `process:${this.process.slug}` : null),
    onEvent: (event, data) => (this.loading ? this.buffered.push([event, data]) : this.apply(event, data)),
    onResync: () => void this.reload(false),
  });

  protected override willUpdate(): void {
    if (!this.process) return;
    // undefined: not known yet (the session is still loading; the cookie decides anyway).
    const user = this.session.ready ? (this.session.user?.id ?? null) : undefined;
    if (this.process.slug !== this.loadedSlug) {
      this.loadedSlug = this.process.slug;
      this.loadedUser = user;
      this.selected = new Set();
      const fromUrl = filtersFromSearch(location.search);
      this.filters = fromUrl.filters;
      this.seed = fromUrl.seed;
      void this.reload(false);
      return;
    }
    // Signed in or out: "supported by me" and the admin tools change.
    if (user !== undefined && this.loadedUser !== undefined && user !== this.loadedUser) void this.reload(false);
    if (user !== undefined) this.loadedUser = user;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onPopState);
    super.disconnectedCallback();
  }

  /** Back / Forward: show the list the URL now names. */
  private readonly onPopState = (): void => {
    if (!this.process || this.loadedSlug === undefined) return;
    const { filters, seed } = filtersFromSearch(location.search);
    if (sameFilters(filters, this.filters) && (filters.sort !== 'random' || seed === this.seed)) return;
    this.filters = filters;
    this.seed = seed;
    void this.reload(true);
  };

  /** Writes the filters into the URL: a new history entry, except while a search is being typed. */
  private writeUrl(previous: ProposalFilters): void {
    const search = searchWithFilters(location.search, this.filters, this.seed);
    if (search === location.search) return;
    const url = `${location.pathname}${search}${location.hash}`;
    const onlySearch = sameFilters({ ...previous, q: this.filters.q }, this.filters);
    const typing = onlySearch && Boolean(previous.q?.trim()) && Date.now() - this.lastSearchPush < TYPING_MS;
    if (typing) history.replaceState(history.state, '', url);
    else history.pushState(history.state, '', url);
    if (onlySearch) this.lastSearchPush = Date.now();
  }

  private get admin(): boolean {
    return isAdmin(this.session.user);
  }

  /** Load the first page with the current filters (and the stats). */
  private async reload(announce: boolean): Promise<void> {
    const request = ++this.request;
    this.loading = true;
    this.error = '';
    if (this.filters.sort !== 'random') this.seed = null;
    const query = listQuery(this.filters, { seed: this.seed, facets: true, limit: PAGE_SIZE });
    const stats = proposalsApi.stats(this.api, this.process.slug).catch(() => undefined);
    try {
      const page = await proposalsApi.list(this.api, this.process.slug, query);
      if (request !== this.request) return;
      this.items = page.items;
      this.total = page.total;
      this.nextCursor = page.nextCursor;
      this.facets = page.facets ?? this.facets;
      this.seed = page.seed ?? this.seed;
      this.unseen = 0;
      // The random order's seed, once known, goes into the URL so that a shared link keeps it.
      if (this.filters.sort === 'random') {
        const search = searchWithFilters(location.search, this.filters, this.seed);
        if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
      }
      this.stats = (await stats) ?? this.stats;
      if (announce) emit(this, 'mesa-announce', { message: this.i18n.t('proposals:list.found', { count: page.total }) });
    } catch (err) {
      if (request !== this.request) return;
      this.error = problemMessage(this.i18n.t, err);
    } finally {
      if (request === this.request) {
        this.loading = false;
        const buffered = this.buffered;
        this.buffered = [];
        for (const [event, data] of buffered) this.apply(event, data);
      }
    }
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.error = '';
    const firstNew = this.items.length;
    try {
      const query = listQuery(this.filters, { seed: this.seed, cursor: this.nextCursor, limit: PAGE_SIZE });
      const page = await proposalsApi.list(this.api, this.process.slug, query);
      const known = new Set(this.items.map((p) => p.id));
      this.items = [...this.items, ...page.items.filter((p) => !known.has(p.id))];
      this.nextCursor = page.nextCursor;
      await this.updateComplete;
      // Carry on reading where the new ones start.
      this.querySelectorAll<HTMLAnchorElement>('.proposal-card__title a')[firstNew]?.focus();
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    } finally {
      this.loadingMore = false;
    }
  }

  private onFilters(filters: ProposalFilters): void {
    if (filters.sort === 'random' && this.filters.sort !== 'random') this.seed = null;
    const previous = this.filters;
    this.filters = filters;
    this.writeUrl(previous);
    void this.reload(true);
  }

  /** A room event of `process:<slug>`. */
  private apply(event: string, data: unknown): void {
    if (!isRecord(data)) return;
    const { t } = this.i18n;
    switch (event) {
      case 'proposals/created': {
        const proposal = data.proposal as Proposal | undefined;
        if (!isRecord(proposal) || typeof proposal.id !== 'string') return;
        if (this.items.some((p) => p.id === proposal.id)) return;
        const mine = { ...proposal, supportedByMe: false, editableByMe: false };
        if (this.stats) this.stats = { ...this.stats, total: this.stats.total + 1, unanswered: this.stats.unanswered + 1 };
        if (matchesFilters(mine, this.filters)) {
          this.total += 1;
          this.facets = countIn(this.facets, mine);
          if (this.filters.sort === 'recent') {
            this.items = [mine, ...this.items];
            this.markFresh(mine.id);
          } else {
            this.unseen += 1;
          }
        } else if (this.filters.q?.trim()) {
          this.unseen += 1;
        }
        this.live.say(t('proposals:live.created', { title: mine.title }), `created:${mine.id}`);
        return;
      }
      case 'proposals/supports-changed': {
        // The server batches count changes: {changes: [{proposalId, supports, commentsCount}]}.
        for (const change of countChanges(data)) this.applyCounts(change);
        return;
      }
      case 'proposals/imported': {
        const count = typeof data.count === 'number' ? data.count : 0;
        if (count <= 0) return;
        this.unseen += count;
        void proposalsApi.stats(this.api, this.process.slug).then((stats) => (this.stats = stats), () => undefined);
        this.live.say(t('proposals:live.imported', { count }), 'imported');
        return;
      }
      case 'proposals/state-changed': {
        const id = String(data.proposalId ?? '');
        const item = this.items.find((p) => p.id === id);
        if (!item) return;
        if (data.hidden === true && !this.admin) {
          this.items = this.items.filter((p) => p.id !== id);
          this.total = Math.max(0, this.total - 1);
          return;
        }
        const patch: Partial<Proposal> = {};
        if (typeof data.hidden === 'boolean') patch.hidden = data.hidden;
        if (typeof data.state === 'string') patch.state = data.state as Proposal['state'];
        if (typeof data.mergedInto === 'string') patch.mergedInto = data.mergedInto;
        if (isRecord(data.answer)) patch.answer = data.answer as Proposal['answer'];
        this.items = patchItem(this.items, id, patch);
        if (patch.state && patch.state !== item.state) {
          this.live.say(t('proposals:live.state', { title: item.title, state: t(`proposals:state.${patch.state}`) }), `state:${id}`);
        }
        return;
      }
      case 'proposals/updated': {
        const proposal = data.proposal as Proposal | undefined;
        if (!isRecord(proposal) || typeof proposal.id !== 'string') return;
        const item = this.items.find((p) => p.id === proposal.id);
        if (item) this.items = patchItem(this.items, item.id, { ...proposal, supportedByMe: item.supportedByMe, editableByMe: item.editableByMe });
        return;
      }
      case 'process/phase-changed':
        emit(this, 'mesa-process-stale', {});
        return;
    }
  }

  private applyCounts({ proposalId, supports, commentsCount }: CountChange): void {
    const { t } = this.i18n;
    const item = this.items.find((p) => p.id === proposalId);
    if (!item) return;
    const next = { supports: supports ?? item.supports, commentsCount: commentsCount ?? item.commentsCount };
    if (next.supports === item.supports && next.commentsCount === item.commentsCount) return;
    this.items = patchItem(this.items, proposalId, next);
    if (next.supports !== item.supports) this.live.say(t('proposals:live.supports', { title: item.title, count: next.supports }), `supports:${proposalId}`);
    else this.live.say(t('proposals:live.comments', { title: item.title, count: next.commentsCount }), `comments:${proposalId}`);
  }

  private markFresh(id: string): void {
    this.fresh = new Set([...this.fresh, id]);
    setTimeout(() => {
      const next = new Set(this.fresh);
      next.delete(id);
      this.fresh = next;
    }, FRESH_MS);
  }

  private onSupportChanged(e: CustomEvent<{ proposalId: string; supports: number; supportedByMe: boolean }>): void {
    const { proposalId, supports, supportedByMe } = e.detail;
    this.items = patchItem(this.items, proposalId, { supports, supportedByMe });
  }

  private onSelect(e: CustomEvent<{ proposalId: string; selected: boolean }>): void {
    const next = new Set(this.selected);
    if (e.detail.selected) next.add(e.detail.proposalId);
    else next.delete(e.detail.proposalId);
    this.selected = next;
  }

  private openMerge(): void {
    const chosen = this.items.filter((p) => this.selected.has(p.id));
    this.querySelector<MesaMergeDialog>('mesa-merge-dialog')?.open(chosen);
  }

  private renderHeader() {
    const { t } = this.i18n;
    const slug = this.process.slug;
    const stats = this.stats;
    return html`
      <div class="proposals-head">
        ${stats
          ? html`<p class="proposals-stats">
              <strong>${t('proposals:list.statsTotal', { count: stats.total })}</strong>
              <span>${t('proposals:list.unanswered', { count: stats.unanswered })}</span>
            </p>`
          : nothing}
        ${this.process.activePhase === 'open-call'
          ? html`<a class="button" href="${processPath(slug)}/proposals/new">${t('proposals:list.submit')}</a>`
          : nothing}
      </div>
      ${this.process.activePhase === 'open-call' && this.session.ready && !this.session.user
        ? html`<p class="hint">
            <a href="/signin?next=${encodeURIComponent(location.pathname)}">${t('nav.signIn')}</a> ${t('proposals:list.signInToSupport')}
          </p>`
        : nothing}
    `;
  }

  private renderMergeBar() {
    const { t } = this.i18n;
    const n = this.selected.size;
    return html`
      <div class="merge-bar" role="region" aria-label=${t('proposals:merge.barLabel')}>
        <p>${t('proposals:merge.selected', { count: n })}</p>
        <button type="button" class="button button--secondary" ?disabled=${n < 2} @click=${this.openMerge}>${t('proposals:merge.open')}</button>
        ${n > 0 ? html`<button type="button" class="link-button" @click=${() => (this.selected = new Set())}>${t('proposals:merge.clear')}</button>` : nothing}
      </div>
    `;
  }

  override render() {
    if (!this.process) return nothing;
    const { t } = this.i18n;
    const canSupport = this.process.activePhase === 'open-call' && !!this.session.user;
    const admin = this.admin;
    return html`
      ${this.renderHeader()}
      <mesa-live-status .status=${this.room.status} .joined=${this.room.joined}></mesa-live-status>
      <mesa-proposal-filters .filters=${this.filters} .facets=${this.facets}
        @mesa-filters-changed=${(e: CustomEvent<ProposalFilters>) => this.onFilters(e.detail)}></mesa-proposal-filters>
      ${admin ? this.renderMergeBar() : nothing}
      <p class="proposals-count" aria-hidden=${this.loading ? 'true' : 'false'}>
        ${this.loading ? t('loading') : t('proposals:list.showing', { shown: this.items.length, count: this.total })}
      </p>
      ${this.unseen > 0
        ? html`<p class="alert alert--info">
            ${t('proposals:list.unseen', { count: this.unseen })}
            <button type="button" class="link-button" @click=${() => this.reload(true)}>${t('proposals:list.showUnseen')}</button>
          </p>`
        : nothing}
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${!this.loading && this.items.length === 0 && !this.error ? html`<p>${t('proposals:list.empty')}</p>` : nothing}
      <ul class="card-list proposal-list" aria-busy=${this.loading ? 'true' : 'false'}
        @mesa-support-changed=${this.onSupportChanged} @mesa-select-proposal=${this.onSelect}>
        ${repeat(
          this.items,
          (p) => p.id,
          (p) => html`<li>
            <mesa-proposal-card .proposal=${p} .canSupport=${canSupport} .fresh=${this.fresh.has(p.id)}
              .selectable=${admin} .selected=${this.selected.has(p.id)}></mesa-proposal-card>
          </li>`,
        )}
      </ul>
      ${this.nextCursor && !this.loading
        ? html`<button type="button" class="button button--secondary" ?disabled=${this.loadingMore} @click=${this.loadMore}>
            ${this.loadingMore ? t('loading') : t('proposals:list.more')}
          </button>`
        : nothing}
      ${admin
        ? html`<mesa-merge-dialog .slug=${this.process.slug}
            @mesa-merged=${() => ((this.selected = new Set()), void this.reload(false))}></mesa-merge-dialog>`
        : nothing}
      ${this.live.render()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-list': MesaProposalList;
  }
  interface GlobalEventHandlersEventMap {
    /** The process itself changed elsewhere (e.g. a phase opened): reload it. */
    'mesa-process-stale': CustomEvent<Record<string, never>>;
  }
}
