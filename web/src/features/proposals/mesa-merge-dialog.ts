import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi, type Proposal } from './proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { byField } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';
import { BODY_MAX, POLICY_AREAS, TITLE_MAX, proposalPath, validateProposal } from './proposal-model.ts';

const FIELDS = ['title', 'body', 'area'] as const;

/** Admin: merge the selected proposals into a new one (title, body, area); the sources link to it. */
@customElement('mesa-merge-dialog')
export class MesaMergeDialog extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private sources: Proposal[] = [];
  @state() private draft = { title: '', body: '', area: '' };
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly base = uid('merge');
  private opener: HTMLElement | null = null;
  // Focus goes to the first field in error, else to the alert about the whole form.
  private readonly form: FormController = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: byField(FIELDS),
    focus: () => {
      const field = FIELDS.find((f) => this.form.errors[f]);
      return this.querySelector<HTMLElement>(field ? `#${this.base}-${field}` : '.alert--error');
    },
  });

  /** Show the dialog for these proposals, with a suggested title and body. */
  open(sources: Proposal[]): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.sources = sources;
    this.form.clear();
    const first = sources[0];
    this.draft = {
      title: first?.title ?? '',
      body: sources.map((p) => `${p.reference}: ${p.title}\n\n${p.body}`).join('\n\n').slice(0, BODY_MAX),
      area: first?.area ?? '',
    };
    void this.updateComplete.then(() => {
      this.dialog.showModal();
      this.querySelector<HTMLInputElement>(`#${this.base}-title`)?.focus();
    });
  }

  private close(): void {
    this.dialog.close();
  }

  private onClose(): void {
    this.opener?.focus();
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    this.draft = { title: data.title ?? '', body: data.body ?? '', area: data.area ?? '' };
    const errors = validateProposal(t, { ...this.draft, sector: '', organisation: '', lang: '' }, true);
    if (!this.form.check(errors)) return;
    const merged = await this.form.run(() =>
      proposalsApi.merge(this.api, this.slug, {
        sourceIds: this.sources.map((p) => p.id),
        title: this.draft.title.trim(),
        body: this.draft.body.trim(),
        area: this.draft.area || undefined,
      }),
    );
    if (!merged) return;
    this.opener = null;
    this.dialog.close();
    emit(this, 'mesa-merged', { proposal: merged });
    emit(this, 'mesa-navigate', { path: proposalPath(merged.id) });
    emit(this, 'mesa-announce', { message: t('proposals:merge.done', { reference: merged.reference, count: this.sources.length }) });
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    return html`
      <dialog class="dialog" aria-labelledby="${this.base}-heading" @close=${this.onClose}>
        <form novalidate @submit=${this.submit}>
          <h2 id="${this.base}-heading">${t('proposals:merge.heading')}</h2>
          <p>${t('proposals:merge.intro', { count: this.sources.length })}</p>
          <ul class="plain-list">
            ${this.sources.map((p) => html`<li><strong>${p.reference}</strong> <span lang=${p.lang}>${p.title}</span></li>`)}
          </ul>
          ${e[''] ? html`<p class="alert alert--error" role="alert" tabindex="-1">${e['']}</p>` : nothing}
          <mesa-field fieldId="${this.base}-title" name="title" required .value=${this.draft.title} .countMax=${TITLE_MAX}
            .label=${t('proposals:form.title')} .error=${e.title ?? ''}></mesa-field>
          <mesa-field fieldId="${this.base}-body" name="body" type="textarea" required .value=${this.draft.body}
            .label=${t('proposals:form.body')} .hint=${t('proposals:form.bodyHint')} .error=${e.body ?? ''}></mesa-field>
          <mesa-field fieldId="${this.base}-area" name="area" type="select" .value=${this.draft.area}
            .label=${t('proposals:form.area')} .error=${e.area ?? ''}
            .options=${POLICY_AREAS.map((a) => ({ value: a, label: t(`area.${a}`) }))}></mesa-field>
          <div class="actions">
            <button type="submit" class="button" ?disabled=${this.form.busy}>${t('proposals:merge.submit')}</button>
            <button type="button" class="button button--secondary" @click=${this.close}>${t('cancel')}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-merge-dialog': MesaMergeDialog;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-merged': CustomEvent<{ proposal: Proposal }>;
  }
}
