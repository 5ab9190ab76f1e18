import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, type Http } from '../../api/http.ts';
import { proposalsApi, type Proposal } from './proposals-api.ts';
import type { Process } from '@mesa/shared';
import { LOCALES } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LANGUAGE_NAMES } from '../../i18n.ts';
import { byField } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import '../../ui/mesa-sign-in-needed.ts';
import type { MesaMarkdownEditor } from './mesa-markdown-editor.ts';
import './mesa-markdown-editor.ts';
import {
  BODY_MAX, ORGANISATION_MAX, POLICY_AREAS, PROPOSAL_FIELDS, SECTORS, TITLE_MAX,
  processPath, proposalPath, validateProposal, type ProposalDraft,
} from './proposal-model.ts';
import { processesApi } from '../processes/processes-api.ts';

const fieldId = (name: string) => `proposal-${name}`;

interface Loaded {
  process: Process;
  proposal: Proposal | null;
}

/**
 * Submit a proposal in the open call (`/processes/:slug/proposals/new`) or edit one's own
 * (`/proposals/:id/edit`, while nobody has supported or commented on it yet).
 */
@customElement('mesa-proposal-form')
export class MesaProposalForm extends LightElement {
  /** The process to submit to (new proposal). */
  @property() slug = '';
  /** The proposal to edit; empty for a new one. */
  @property() proposalId = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private draft: ProposalDraft | null = null;
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(PROPOSAL_FIELDS),
    problem: (err) => (err instanceof ApiError && err.status === 409 && err.code !== 'phase-closed' ? { '': this.i18n.t('proposals:form.notEditable') } : undefined),
  });

  private readonly task = new Task(this, {
    task: async ([slug, id]): Promise<Loaded> => {
      const proposal = id ? await proposalsApi.get(this.api, id) : null;
      const process = await processesApi.get(this.api, proposal?.processSlug ?? slug);
      this.draft = proposal
        ? { title: proposal.title, body: proposal.body, area: proposal.area, sector: proposal.sector, organisation: proposal.organisation ?? '', lang: proposal.lang }
        : null;
      this.form.clear();
      return { process, proposal };
    },
    args: () => [this.slug, this.proposalId] as const,
  });

  private get editing(): boolean {
    return !!this.proposalId;
  }

  private emptyDraft(process: Process): ProposalDraft {
    const lang = (LOCALES as readonly string[]).includes(this.i18n.lng) ? this.i18n.lng : process.language;
    return { title: '', body: '', area: '', sector: '', organisation: '', lang };
  }

  private async submit(event: SubmitEvent, loaded: Loaded): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const form = event.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const draft: ProposalDraft = {
      ...(this.draft ?? this.emptyDraft(loaded.process)),
      ...data,
    };
    this.draft = draft;
    const saved = this.form.check(validateProposal(t, draft, this.editing))
      ? await this.form.run(() =>
          this.editing
            ? proposalsApi.edit(this.api, this.proposalId, {
                title: draft.title.trim(),
                body: draft.body.trim(),
                area: draft.area,
                organisation: draft.organisation.trim() || null,
              })
            : proposalsApi.create(this.api, loaded.process.slug, {
                title: draft.title.trim(),
                body: draft.body.trim(),
                area: draft.area as Proposal['area'],
                sector: draft.sector as Proposal['sector'],
                ...(draft.organisation.trim() ? { organisation: draft.organisation.trim() } : {}),
                ...(draft.lang ? { lang: draft.lang as (typeof LOCALES)[number] } : {}),
              }),
        )
      : undefined;
    if (saved) {
      emit(this, 'mesa-navigate', { path: proposalPath(saved.id) });
      emit(this, 'mesa-announce', {
        message: this.editing
          ? t('proposals:form.saved', { reference: saved.reference })
          : t('proposals:form.submitted', { reference: saved.reference, title: saved.title }),
      });
    } else if (this.form.errors.body) {
      this.querySelector<MesaMarkdownEditor>('mesa-markdown-editor')?.showWrite();
    }
  }

  private renderForm(loaded: Loaded) {
    const { t } = this.i18n;
    const { process } = loaded;
    const d = this.draft ?? this.emptyDraft(process);
    const e = this.form.errors;
    const choose = { value: '', label: t('proposals:form.choose') };
    const heading = this.editing ? t('proposals:form.editTitle') : t('proposals:form.newTitle');
    return html`
      <p class="breadcrumb">
        ${loaded.proposal
          ? html`<a href=${proposalPath(loaded.proposal.id)}>← ${loaded.proposal.reference}</a>`
          : html`<a href=${processPath(process.slug)} lang=${process.language}>← ${process.title}</a>`}
      </p>
      <h1>${heading}</h1>
      <p class="lead">${this.editing ? t('proposals:form.editIntro') : t('proposals:form.intro')}</p>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(PROPOSAL_FIELDS, fieldId)}></mesa-error-summary>
      <form novalidate class="proposal-form" @submit=${(ev: SubmitEvent) => this.submit(ev, loaded)}>
        <mesa-field fieldId=${fieldId('title')} name="title" required .value=${d.title} .countMax=${TITLE_MAX}
          .inputLang=${d.lang || undefined} .label=${t('proposals:form.title')} .hint=${t('proposals:form.titleHint')}
          .error=${e.title ?? ''}></mesa-field>
        <mesa-markdown-editor fieldId=${fieldId('body')} name="body" .value=${d.body} .max=${BODY_MAX}
          .inputLang=${d.lang || undefined} .label=${t('proposals:form.body')} .hint=${t('proposals:form.bodyHint')}
          .error=${e.body ?? ''}></mesa-markdown-editor>
        <mesa-field fieldId=${fieldId('area')} name="area" type="select" required .value=${d.area}
          .label=${t('proposals:form.area')} .hint=${t('proposals:form.areaHint')} .error=${e.area ?? ''}
          .options=${[choose, ...POLICY_AREAS.map((a) => ({ value: a, label: t(`area.${a}`) }))]}></mesa-field>
        ${this.editing
          ? nothing
          : html`<mesa-field fieldId=${fieldId('sector')} name="sector" type="select" required .value=${d.sector}
              .label=${t('proposals:form.sector')} .hint=${t('proposals:form.sectorHint')} .error=${e.sector ?? ''}
              .options=${[choose, ...SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))]}></mesa-field>`}
        <mesa-field fieldId=${fieldId('organisation')} name="organisation" .value=${d.organisation} autocomplete="organization"
          .countMax=${ORGANISATION_MAX} .label=${t('proposals:form.organisation')} .hint=${t('proposals:form.organisationHint')}
          .error=${e.organisation ?? ''}></mesa-field>
        ${this.editing
          ? nothing
          : html`<mesa-field fieldId=${fieldId('lang')} name="lang" type="select" .value=${d.lang}
              .label=${t('proposals:form.lang')} .hint=${t('proposals:form.langHint')} .error=${e.lang ?? ''}
              .options=${LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}></mesa-field>`}
        <div class="actions">
          <button type="submit" class="button" ?disabled=${this.form.busy}>
            ${this.editing ? t('proposals:form.save') : t('proposals:form.submit')}
          </button>
          <a class="button button--secondary" href=${loaded.proposal ? proposalPath(loaded.proposal.id) : processPath(process.slug)}>${t('cancel')}</a>
        </div>
      </form>
    `;
  }

  private renderLoaded(loaded: Loaded) {
    const { t } = this.i18n;
    const heading = this.editing ? t('proposals:form.editTitle') : t('proposals:form.newTitle');
    if (!this.session.ready) return html`<p role="status">${t('loading')}</p>`;
    if (!this.session.user) {
      return html`<mesa-sign-in-needed .heading=${heading} .next=${location.pathname}></mesa-sign-in-needed>`;
    }
    if (loaded.proposal && !loaded.proposal.editableByMe) {
      return html`<h1>${heading}</h1>
        <p class="alert alert--error">${t('proposals:form.notEditable')}</p>
        <p><a href=${proposalPath(loaded.proposal.id)}>${t('proposals:page.backToProposal')}</a></p>`;
    }
    if (loaded.process.activePhase !== 'open-call') {
      return html`<h1>${heading}</h1>
        <p class="alert alert--error">${t('proposals:form.closed')}</p>
        <p><a href=${processPath(loaded.process.slug)}>${t('proposals:page.backToProcess')}</a></p>`;
    }
    return this.renderForm(loaded);
  }

  override render() {
    const { t } = this.i18n;
    return this.task.render({
      pending: () => html`<p role="status">${t('loading')}</p>`,
      error: (err) =>
        err instanceof ApiError && err.status === 404
          ? html`<h1>${t('proposals:page.notFound')}</h1>`
          : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`,
      complete: (loaded) => this.renderLoaded(loaded),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposal-form': MesaProposalForm;
  }
}
