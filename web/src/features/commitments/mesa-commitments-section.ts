import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { PolicyArea, Process, Proposal, User } from '@mesa/shared';
import type { Http } from '../../api/http.ts';
import { POLICY_AREAS } from '@mesa/shared/values';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import { commitmentPath, commitmentsApi, editorPath, repliesPath, type PublicCommitment as Commitment } from './commitments-api.ts';
import './commitments.css';

const FIELDS = ['title', 'area', 'leadInstitution', 'sourceProposalIds'] as const;

/** Admins, and the process's drafters, start commitments. */
export function canDraft(user: User | null | undefined, slug: string): boolean {
  return isAdmin(user) || !!user?.memberships.some((m) => m.processSlug === slug && m.role === 'drafter');
}

/**
 * The commitments of a process on its page: drafts for the process's members, published ones for
 * everyone; in the drafting phase, admins and drafters start one from proposals selected for drafting.
 */
@customElement('mesa-commitments-section')
export class MesaCommitmentsSection extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private items: Commitment[] | null = null;
  @state() private selected: Proposal[] | null = null;
  @state() private error = '';
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });
  @state() private formOpen = false;
  @state() private publishError = '';
  @state() private publishing = false;
  private readonly base = uid('commitments');
  private slug = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('process') && this.process.slug !== this.slug) {
      this.slug = this.process.slug;
      this.items = null;
      this.selected = null;
      void this.load();
    }
  }

  private fid(f: string) {
    return `${this.base}-${f}`;
  }

  private async load(): Promise<void> {
    try {
      this.items = (await commitmentsApi.list(this.api, this.process.slug)).items;
      this.error = '';
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  private async openForm(): Promise<void> {
    this.formOpen = true;
    if (!this.selected) {
      try {
        this.selected = await commitmentsApi.selectedProposals(this.api, this.process.slug);
      } catch (err) {
        this.form.show({ '': problemMessage(this.i18n.t, err) });
      }
    }
    await this.updateComplete;
    this.querySelector<HTMLInputElement>(`#${this.fid('title')}`)?.focus();
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const area = String(data.get('area') ?? '') as PolicyArea;
    const leadInstitution = String(data.get('leadInstitution') ?? '').trim();
    const sourceProposalIds = data.getAll('sourceProposalIds').map(String);
    const errors: FieldErrors = {};
    if (title.length < 3) errors.title = t('commitments:details.titleNeeded');
    if (!sourceProposalIds.length) errors.sourceProposalIds = t('commitments:list.sourcesNeeded');
    if (!this.form.check(errors)) return;
    await this.form.run(async () => {
      const c = await commitmentsApi.create(this.api, this.process.slug, { title, area, sourceProposalIds, ...(leadInstitution ? { leadInstitution } : {}) });
      emit(this, 'mesa-announce', { message: t('commitments:list.created', { reference: c.reference }) });
      emit(this, 'mesa-navigate', { path: editorPath(c.id) });
    });
  }

  private renderForm() {
    const { t } = this.i18n;
    const e = this.form.errors;
    const selected = this.selected;
    const firstArea = (selected?.[0]?.area ?? POLICY_AREAS[0]) as PolicyArea;
    const err = (f: string) => (e[f] ? html`<p class="field__error" id="${this.fid(f)}-error">${e[f]}</p>` : nothing);
    return html`<form class="card stack" novalidate @submit=${this.create} aria-labelledby=${this.fid('form-heading')}>
      <h3 id=${this.fid('form-heading')}>${t('commitments:list.newHeading')}</h3>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => (f === 'sourceProposalIds' ? this.fid('source-0') : this.fid(f)))}></mesa-error-summary>
      ${selected === null
        ? html`<p role="status">${t('loading')}</p>`
        : selected.length === 0
          ? html`<p class="alert alert--info">${t('commitments:list.noSelected')}</p>`
          : html`<fieldset class="${e.sourceProposalIds ? 'field--error' : ''}" aria-describedby=${e.sourceProposalIds ? `${this.fid('sourceProposalIds')}-error` : nothing}>
              <legend>${t('commitments:list.sources')}</legend>
              ${err('sourceProposalIds')}
              ${selected.map((p, i) => html`<label class="check"><input type="checkbox" name="sourceProposalIds" value=${p.id} id=${this.fid(`source-${i}`)} />
                <span><span class="proposal-card__ref">${p.reference}</span> ${p.title}</span></label>`)}
            </fieldset>`}
      <div class="field ${e.title ? 'field--error' : ''}">
        <label for=${this.fid('title')}>${t('commitments:details.title')}</label>${err('title')}
        <input id=${this.fid('title')} name="title" maxlength="300" aria-describedby=${e.title ? `${this.fid('title')}-error` : nothing} aria-invalid=${e.title ? 'true' : nothing} />
      </div>
      <div class="field"><label for=${this.fid('area')}>${t('commitments:details.area')}</label>${err('area')}
        <select id=${this.fid('area')} name="area">${POLICY_AREAS.map((a) => html`<option value=${a} ?selected=${a === firstArea}>${t(`area.${a}`)}</option>`)}</select></div>
      <div class="field"><label for=${this.fid('leadInstitution')}>${t('commitments:details.leadInstitution')}</label>${err('leadInstitution')}
        <input id=${this.fid('leadInstitution')} name="leadInstitution" maxlength="300" /></div>
      <p class="actions">
        <button class="button" type="submit" ?disabled=${this.form.busy || !selected?.length}>${t('commitments:list.create')}</button>
        <button class="button button--secondary" type="button" @click=${() => (this.formOpen = false)}>${t('cancel')}</button>
      </p>
    </form>`;
  }

  /** The local date and time two weeks from now, as a datetime-local control takes it. */
  private defaultClosing(): string {
    const d = new Date(Date.now() + 14 * 86_400_000);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }

  private async publish(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t, formatDate } = this.i18n;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const closes = new Date(String(data.get('closesAt') ?? ''));
    const ids = data.getAll('commitmentIds').map(String);
    this.publishError = '';
    if (Number.isNaN(closes.getTime()) || closes.getTime() <= Date.now()) this.publishError = t('commitments:publish.closesNeeded');
    else if (!ids.length) this.publishError = t('commitments:publish.pickOne');
    if (this.publishError) {
      await this.updateComplete;
      this.querySelector<HTMLElement>(`#${this.fid('closesAt')}`)?.focus();
      return;
    }
    this.publishing = true;
    try {
      const out = await commitmentsApi.publish(this.api, this.process.slug, { closesAt: closes.toISOString(), commitmentIds: ids });
      emit(this, 'mesa-announce', { message: t('commitments:publish.done', { count: out.items.length, date: formatDate(out.closesAt, { dateStyle: 'long', timeStyle: 'short' }) }) });
      await this.load();
      emit(this, 'mesa-process-stale', {});
    } catch (err) {
      this.publishError = problemMessage(t, err);
    } finally {
      this.publishing = false;
    }
  }

  private renderPublish(drafts: Commitment[]) {
    const { t } = this.i18n;
    const err = this.publishError;
    return html`<form class="card stack publish-form" novalidate @submit=${this.publish} aria-labelledby=${this.fid('publish-heading')}>
      <h3 id=${this.fid('publish-heading')}>${t('commitments:publish.heading')}</h3>
      <p class="hint">${t('commitments:publish.intro')}</p>
      ${err ? html`<p class="alert alert--error" role="alert" id="${this.fid('publish')}-error">${err}</p>` : nothing}
      <fieldset>
        <legend>${t('commitments:publish.which')}</legend>
        ${drafts.map((c) => html`<label class="check"><input type="checkbox" name="commitmentIds" value=${c.id} checked /> <span><span class="proposal-card__ref">${c.reference}</span> ${c.title}</span></label>`)}
      </fieldset>
      <div class="field">
        <label for=${this.fid('closesAt')}>${t('commitments:publish.closesAt')}</label>
        <input id=${this.fid('closesAt')} name="closesAt" type="datetime-local" .value=${this.defaultClosing()} aria-describedby=${err ? `${this.fid('publish')}-error` : nothing} />
      </div>
      <button class="button" type="submit" ?disabled=${this.publishing}>${t('commitments:publish.submit')}</button>
    </form>`;
  }

  override render() {
    const { t } = this.i18n;
    const drafter = canDraft(this.session.user, this.process.slug);
    const items = this.items ?? [];
    const phase = this.process.activePhase;
    if (!drafter && items.length === 0 && !['drafting', 'consultation', 'adopted'].includes(phase ?? '')) return nothing;
    if (!drafter && this.items !== null && items.length === 0) return nothing;
    return html`<section class="section" aria-labelledby="${this.base}-heading">
      <h2 id="${this.base}-heading">${t('commitments:list.heading')}</h2>
      <p class="muted">${t('commitments:list.intro')}</p>
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.items && items.length === 0 ? html`<p>${t('commitments:list.empty')}</p>` : nothing}
      <ul class="card-list commitment-list">
        ${items.map((c) => html`<li class="card commitment-card">
          <p class="proposal-card__meta"><span class="proposal-card__ref">${c.reference}</span>
            <span class="badge badge--${c.state === 'drafting' ? 'upcoming' : c.state === 'in-consultation' ? 'open' : 'closed'}">${t(`commitments:state.${c.state}`)}</span>
            <span class="tag">${t(`area.${c.area}`)}</span></p>
          <h3 class="commitment-card__title"><a href=${commitmentPath(c.id)}>${c.title}</a></h3>
          ${c.leadInstitution ? html`<p class="muted">${c.leadInstitution}</p>` : nothing}
          ${c.canEdit && (c.state === 'drafting' || phase === 'drafting') ? html`<p><a href=${editorPath(c.id)}>${t('commitments:list.edit', { reference: c.reference })}</a></p>` : nothing}
          ${c.consultation && c.state !== 'drafting' ? html`<p class="muted">${t('commitments:page.unanswered', { count: c.consultation.unanswered })}</p>` : nothing}
          ${c.canEdit && c.state !== 'drafting' ? html`<p><a href=${repliesPath(c.id)}>${t('commitments:list.replies', { reference: c.reference })}</a></p>` : nothing}
        </li>`)}
      </ul>
      ${drafter && items.some((c) => c.canEdit && c.state !== 'drafting')
        ? html`<p><a class="button button--secondary" href="/processes/${encodeURIComponent(this.process.slug)}/replies">${t('commitments:list.allReplies')}</a></p>`
        : nothing}
      ${isAdmin(this.session.user) && (phase === 'drafting' || phase === 'consultation') && items.some((c) => c.state === 'drafting')
        ? this.renderPublish(items.filter((c) => c.state === 'drafting'))
        : nothing}
      ${drafter && phase === 'drafting'
        ? this.formOpen
          ? this.renderForm()
          : html`<button type="button" class="button" @click=${this.openForm}>${t('commitments:list.new')}</button>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-commitments-section': MesaCommitmentsSection;
  }
}
