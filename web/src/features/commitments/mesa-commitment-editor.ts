import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import type { ConnectionStatus } from '../../controllers/room-connection.ts';
import { roomConnection } from '../../controllers/room-connection.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../proposals/mesa-live-status.ts';
import { CommitmentSync, type PresenceMember } from './commitment-sync.ts';
import { commitmentPath, commitmentsApi, MAX_FIELD_CHARS, repliesPath, type Commitment } from './commitments-api.ts';
import { listOf, SECTION_GROUPS } from './sections.ts';
import './mesa-collab-field.ts';
import './mesa-commitment-details.ts';
import './mesa-milestone-table.ts';
import './mesa-version-panel.ts';
import './commitments.css';
import { processesApi } from '../processes/processes-api.ts';

/**
 * The drafting editor (`/commitments/:id/edit`): the template's long text fields as sections,
 * each co-edited live through the commitment's Yjs document, with who is in which field; the
 * structured fields and milestones saved with their version; named versions and their diff.
 */
@customElement('mesa-commitment-editor')
export class MesaCommitmentEditor extends LightElement {
  @property() commitmentId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private commitment: Commitment | null = null;
  @state() private error: unknown = null;
  @state() private members: PresenceMember[] = [];
  @state() private status: ConnectionStatus = 'offline';
  @state() private joined = false;
  /** Why the live text cannot be edited now (the server refused an update). */
  @state() private refused = '';
  @state() private sync: CommitmentSync | null = null;
  /** The process's open phase: the server takes edits only while it is drafting. */
  @state() private phase: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('commitmentId')) void this.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sync?.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sync?.stop();
  }

  protected override updated(): void {
    const c = this.commitment;
    if (c && !document.title.startsWith(c.title)) emit(this, 'mesa-title', { title: `${c.title} — ${this.i18n.t('commitments:editor.title')}` });
  }

  private async load(): Promise<void> {
    const id = this.commitmentId;
    this.sync?.stop();
    this.sync = null;
    this.commitment = null;
    this.error = null;
    try {
      const c = await commitmentsApi.get(this.api, id);
      if (id !== this.commitmentId) return;
      this.commitment = c;
      this.phase = (await processesApi.get(this.api, c.processSlug).catch(() => null))?.activePhase ?? null;
      this.sync = new CommitmentSync(c.id, roomConnection, {
        version: (v) => {
          if (this.commitment && v > this.commitment.version) void this.refresh();
        },
        changed: () => void this.refresh(true),
        presence: (members) => (this.members = members),
        status: (status, joined) => {
          this.status = status;
          this.joined = joined;
        },
        error: (code, message) => this.onRefused(code, message),
      });
      if (this.isConnected) this.sync.start();
    } catch (err) {
      this.error = err;
    }
  }

  /** Someone saved the structured fields: fetch them (forms with unsaved changes keep them and say so). */
  private async refresh(any = false): Promise<void> {
    try {
      const c = await commitmentsApi.get(this.api, this.commitmentId);
      if (any) this.phase = (await processesApi.get(this.api, c.processSlug).catch(() => null))?.activePhase ?? this.phase;
      if (this.commitment && (any || c.version > this.commitment.version)) this.commitment = c;
    } catch {
      // the next event or a reload will bring it
    }
  }

  private onRefused(code: string, message: string): void {
    const { t } = this.i18n;
    if (code === 'not-allowed') this.refused = t('commitments:editor.notAllowed');
    else if (code === 'phase-closed') this.refused = t('commitments:editor.phaseClosed');
    else if (code === 'validation' && /update/i.test(message)) this.refused = t('commitments:editor.updateRefused');
  }

  private hereIn(field: string): string {
    const me = this.session.user?.id;
    const names = this.members.filter((m) => m.field === field && m.userId !== me).map((m) => m.displayName);
    return names.length ? this.i18n.t('commitments:editor.writingHere', { names: listOf(names, this.i18n.lng), count: names.length }) : '';
  }

  private readonly labelOf = (field: string) =>
    field === 'title' ? this.i18n.t('commitments:details.title') : this.i18n.t(`commitments:field.${field}` as 'commitments:field.problem');

  private renderPresence() {
    const { t, lng } = this.i18n;
    const others = [...new Map(this.members.filter((m) => m.userId !== this.session.user?.id).map((m) => [m.userId, m.displayName])).values()];
    return html`<p class="editor-presence">${others.length ? t('commitments:editor.othersHere', { names: listOf(others, lng), count: others.length }) : t('commitments:editor.aloneHere')}</p>`;
  }

  private renderEditor(c: Commitment) {
    const { t } = this.i18n;
    // The server takes edits while the process is in its drafting phase (also to revise a commitment after its consultation).
    const drafting = this.phase === 'drafting' && c.state !== 'final';
    const readonly = !c.canEdit || !drafting || !!this.refused;
    return html`
      <p class="breadcrumb"><a href="/processes/${encodeURIComponent(c.processSlug)}">← ${t('commitments:editor.backToProcess')}</a></p>
      <header class="page-header commitment-head">
        <p class="proposal__meta"><span class="proposal-card__ref">${c.reference}</span>
          <span class="badge badge--${c.state === 'drafting' ? 'open' : 'closed'}">${t(`commitments:state.${c.state}`)}</span></p>
        <h1>${c.title}</h1>
        <p class="actions">
          <a href=${commitmentPath(c.id)}>${t('commitments:editor.toReadPage')}</a>
          ${c.canEdit && c.state !== 'drafting' ? html`<a href=${repliesPath(c.id)}>${t('commitments:editor.toReplies')}</a>` : nothing}
        </p>
        <mesa-live-status .status=${this.status} .joined=${this.joined}></mesa-live-status>
        ${this.renderPresence()}
      </header>
      ${!c.canEdit ? html`<p class="alert alert--info">${t('commitments:editor.readOnly')}</p>` : nothing}
      ${c.canEdit && !drafting ? html`<p class="alert alert--info">${t('commitments:editor.notDrafting')}</p>` : nothing}
      ${this.refused ? html`<p class="alert alert--error" role="alert">${this.refused}</p>` : nothing}
      <nav class="editor-toc" aria-label=${t('commitments:editor.contents')}>
        <ul>
          <li><a href="#details">${t('commitments:details.heading')}</a></li>
          ${SECTION_GROUPS.map((g) => html`<li><a href="#section-${g.key}">${t(`commitments:group.${g.key}`)}</a></li>`)}
          <li><a href="#milestones">${t('commitments:milestones.heading')}</a></li>
          <li><a href="#versions">${t('commitments:versions.heading')}</a></li>
        </ul>
      </nav>
      <div id="details"><mesa-commitment-details .commitment=${c} .readonly=${readonly}></mesa-commitment-details></div>
      ${SECTION_GROUPS.map((g) => html`<section class="card editor-section" id="section-${g.key}" aria-labelledby="section-${g.key}-heading">
        <h2 id="section-${g.key}-heading">${t(`commitments:group.${g.key}`)}</h2>
        ${g.fields.map((f) => html`<mesa-collab-field .sync=${this.sync} field=${f} .label=${t(`commitments:field.${f}`)} .hint=${t(`commitments:fieldHint.${f}`)}
          .presenceText=${this.hereIn(f)} ?readonly=${readonly || !this.sync} .maxlength=${MAX_FIELD_CHARS}></mesa-collab-field>`)}
      </section>`)}
      <div id="milestones"><mesa-milestone-table .commitment=${c} .readonly=${readonly}></mesa-milestone-table></div>
      <div id="versions"><mesa-version-panel commitmentId=${c.id} ?canName=${c.canEdit} .labelOf=${this.labelOf}></mesa-version-panel></div>
    `;
  }

  override render() {
    const { t } = this.i18n;
    if (this.error) {
      return this.error instanceof ApiError && this.error.status === 404
        ? html`<h1>${t('commitments:notFound')}</h1><p><a href="/">${t('processes:page.back')}</a></p>`
        : html`<p class="alert alert--error" role="alert">${problemMessage(t, this.error)}</p>`;
    }
    if (!this.commitment) return html`<p role="status">${t('loading')}</p>`;
    return html`<div class="commitment-editor" @mesa-commitment-changed=${(e: CustomEvent<{ commitment: Commitment }>) => (this.commitment = e.detail.commitment)}>
      ${this.renderEditor(this.commitment)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-commitment-editor': MesaCommitmentEditor;
  }
}
