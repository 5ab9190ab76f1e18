import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { proposalsApi, type Proposal } from '../proposals/proposals-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { byField, type FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { commitmentsApi, type Commitment } from '../commitments/commitments-api.ts';
import '../../ui/mesa-error-summary.ts';
import { consolePath, joinUrl, projectorPath, workshopsApi, type NewWorkshop, type Workshop } from './workshops-api.ts';

type Item = { proposalId: string; title: string; reference: string } | { commitmentId: string; title: string; reference: string } | { title: string };
const FIELDS = ['title', 'startsAt', 'mode', 'videoUrl', 'agenda'] as const;
const MODES = ['in-person', 'online', 'hybrid'] as const;

/** The local date and time in the form a datetime-local control takes (minutes). */
function localInput(d: Date): string {
  const z = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return z.toISOString().slice(0, 16);
}

/**
 * A facilitator creates a live workshop: title, agenda (proposals, the process's commitments for a
 * working session on them, and free questions), start, mode, video link.
 */
@customElement('mesa-workshop-form')
export class MesaWorkshopForm extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private proposals: Proposal[] = [];
  @state() private commitments: Commitment[] = [];
  @state() private agenda: Item[] = [];
  private readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: byField(FIELDS) });
  @state() private created: Workshop | null = null;
  private readonly base = uid('workshop-form');

  override connectedCallback(): void {
    super.connectedCallback();
    void proposalsApi.list(this.api, this.slug, 'sort=recent&limit=100')
      .then((r) => (this.proposals = r.items.filter((p) => !['rejected', 'withdrawn', 'merged'].includes(p.state))))
      .catch(() => undefined);
    void commitmentsApi.list(this.api, this.slug).then((r) => (this.commitments = r.items)).catch(() => undefined);
  }

  private fid(f: string): string {
    return `${this.base}-${f}`;
  }

  private addProposal(): void {
    const select = this.querySelector<HTMLSelectElement>(`#${this.fid('pick')}`);
    const p = this.proposals.find((x) => x.id === select?.value);
    if (!p || this.agenda.some((a) => 'proposalId' in a && a.proposalId === p.id)) return;
    this.agenda = [...this.agenda, { proposalId: p.id, title: p.title, reference: p.reference }];
    emit(this, 'mesa-announce', { message: this.i18n.t('workshops:form.added', { title: p.title }) });
  }

  private addCommitment(): void {
    const select = this.querySelector<HTMLSelectElement>(`#${this.fid('commitment')}`);
    const c = this.commitments.find((x) => x.id === select?.value);
    if (!c || this.agenda.some((a) => 'commitmentId' in a && a.commitmentId === c.id)) return;
    this.agenda = [...this.agenda, { commitmentId: c.id, title: c.title, reference: c.reference }];
    emit(this, 'mesa-announce', { message: this.i18n.t('workshops:form.added', { title: c.title }) });
  }

  private addQuestion(): void {
    const input = this.querySelector<HTMLInputElement>(`#${this.fid('question')}`);
    const title = input?.value.trim() ?? '';
    if (!title) return;
    this.agenda = [...this.agenda, { title }];
    input!.value = '';
    emit(this, 'mesa-announce', { message: this.i18n.t('workshops:form.added', { title }) });
  }

  private move(i: number, by: -1 | 1): void {
    const j = i + by;
    if (j < 0 || j >= this.agenda.length) return;
    const next = [...this.agenda];
    [next[i], next[j]] = [next[j]!, next[i]!];
    this.agenda = next;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const start = new Date(String(data.get('startsAt') ?? ''));
    const videoUrl = String(data.get('videoUrl') ?? '').trim();
    const errors: FieldErrors = {};
    if (title.length < 3) errors.title = t('workshops:form.titleNeeded');
    if (Number.isNaN(start.getTime())) errors.startsAt = t('workshops:form.startNeeded');
    if (videoUrl && !/^https?:\/\/\S+$/.test(videoUrl)) errors.videoUrl = t('workshops:form.videoInvalid');
    if (!this.agenda.length) errors.agenda = t('workshops:form.agendaNeeded');
    if (!this.form.check(errors)) return;
    const body: NewWorkshop = {
      title,
      startsAt: start.toISOString(),
      mode: String(data.get('mode')) as NewWorkshop['mode'],
      agenda: this.agenda.map((a) => ('proposalId' in a ? { proposalId: a.proposalId } : 'commitmentId' in a ? { commitmentId: a.commitmentId } : { title: a.title })),
      ...(videoUrl ? { videoUrl } : {}),
    };
    await this.form.run(async () => {
      this.created = await workshopsApi.create(this.api, this.slug, body);
      this.agenda = [];
      emit(this, 'mesa-announce', { message: t('workshops:form.created', { code: this.created.code ?? '' }) });
      emit(this, 'mesa-workshop-created', { workshop: this.created });
      await this.updateComplete;
      this.querySelector<HTMLElement>('.workshop-created h3')?.focus();
    });
  }

  private field(name: string, label: string, control: unknown, hint = '') {
    const e = this.form.errors[name];
    return html`<div class="field ${e ? 'field--error' : ''}">
      <label for=${this.fid(name)}>${label}</label>
      ${hint ? html`<p class="hint" id="${this.fid(name)}-hint">${hint}</p>` : nothing}
      ${e ? html`<p class="field__error" id="${this.fid(name)}-error">${e}</p>` : nothing}
      ${control}
    </div>`;
  }

  private renderCreated(w: Workshop) {
    const { t } = this.i18n;
    const link = w.code ? joinUrl(w.code) : '';
    return html`<div class="card workshop-created alert--success">
      <h3 tabindex="-1">${t('workshops:form.createdHeading', { title: w.title })}</h3>
      <p>${t('workshops:console.code')} <strong class="join-code" data-code=${w.code ?? ''}>${w.code}</strong></p>
      <p>${t('workshops:form.link')} <a href=${link}>${link}</a></p>
      <p class="actions">
        <a class="button" href=${consolePath(w.id)}>${t('workshops:form.toConsole')}</a>
        <a class="button button--secondary" href=${projectorPath(w.id)}>${t('workshops:console.projector')}</a>
      </p>
    </div>`;
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    const described = (name: string, hint = false) => [hint ? `${this.fid(name)}-hint` : '', e[name] ? `${this.fid(name)}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`${this.created ? this.renderCreated(this.created) : nothing}
    <form class="card stack" novalidate @submit=${this.submit} aria-labelledby=${this.fid('heading')}>
      <h3 id=${this.fid('heading')}>${t('workshops:form.heading')}</h3>
      <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => (f === 'agenda' ? this.fid('pick') : this.fid(f)))}></mesa-error-summary>
      ${this.field('title', t('workshops:form.title'), html`<input id=${this.fid('title')} name="title" maxlength="200" aria-describedby=${described('title')} aria-invalid=${e.title ? 'true' : nothing} />`)}
      ${this.field('startsAt', t('workshops:form.startsAt'), html`<input id=${this.fid('startsAt')} name="startsAt" type="datetime-local" .value=${localInput(new Date())} aria-describedby=${described('startsAt')} />`)}
      ${this.field('mode', t('workshops:form.mode'), html`<select id=${this.fid('mode')} name="mode">${MODES.map((m) => html`<option value=${m}>${t(`workshops:mode.${m}`)}</option>`)}</select>`)}
      ${this.field('videoUrl', t('workshops:form.videoUrl'), html`<input id=${this.fid('videoUrl')} name="videoUrl" type="url" inputmode="url" aria-describedby=${described('videoUrl', true)} />`, t('workshops:form.videoHint'))}
      <fieldset class="agenda-builder ${e.agenda ? 'field--error' : ''}">
        <legend>${t('workshops:form.agenda')}</legend>
        ${e.agenda ? html`<p class="field__error">${e.agenda}</p>` : nothing}
        ${this.agenda.length
          ? html`<ol class="agenda">${this.agenda.map((a, i) => html`<li class="agenda__item">
              <span class="agenda__title">${'commitmentId' in a ? html`<span class="agenda__kind">${t('workshops:session.kind')}</span> ` : nothing}${'reference' in a ? html`<span class="proposal-card__ref">${a.reference}</span> ` : nothing}${a.title}</span>
              <span class="ranking__buttons">
                <button type="button" class="icon-button" aria-label=${t('workshops:form.up', { title: a.title })} ?disabled=${i === 0} @click=${() => this.move(i, -1)}>↑</button>
                <button type="button" class="icon-button" aria-label=${t('workshops:form.down', { title: a.title })} ?disabled=${i === this.agenda.length - 1} @click=${() => this.move(i, 1)}>↓</button>
                <button type="button" class="icon-button" aria-label=${t('workshops:form.remove', { title: a.title })} @click=${() => (this.agenda = this.agenda.filter((_, j) => j !== i))}>✕</button>
              </span>
            </li>`)}</ol>`
          : html`<p class="hint">${t('workshops:form.agendaEmpty')}</p>`}
        <div class="inline-form">
          <div class="field">
            <label for=${this.fid('pick')}>${t('workshops:form.pickProposal')}</label>
            <select id=${this.fid('pick')}>${this.proposals.map((p) => html`<option value=${p.id}>${p.reference} ${p.title.slice(0, 90)}</option>`)}</select>
          </div>
          <button type="button" class="button button--secondary" ?disabled=${!this.proposals.length} @click=${this.addProposal}>${t('workshops:form.addProposal')}</button>
        </div>
        ${this.commitments.length
          ? html`<div class="inline-form">
              <div class="field">
                <label for=${this.fid('commitment')}>${t('workshops:form.pickCommitment')}</label>
                <select id=${this.fid('commitment')}>${this.commitments.map((c) => html`<option value=${c.id}>${c.reference} ${c.title.slice(0, 90)}</option>`)}</select>
              </div>
              <button type="button" class="button button--secondary" @click=${this.addCommitment}>${t('workshops:form.addCommitment')}</button>
            </div>`
          : nothing}
        <div class="inline-form">
          <div class="field">
            <label for=${this.fid('question')}>${t('workshops:form.question')}</label>
            <input id=${this.fid('question')} maxlength="300" @keydown=${(ev: KeyboardEvent) => {
              if (ev.key === 'Enter') {
                ev.preventDefault();
                this.addQuestion();
              }
            }} />
          </div>
          <button type="button" class="button button--secondary" @click=${this.addQuestion}>${t('workshops:form.addQuestion')}</button>
        </div>
      </fieldset>
      <button class="button" type="submit" ?disabled=${this.form.busy}>${t('workshops:form.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshop-form': MesaWorkshopForm;
  }
  interface GlobalEventHandlersEventMap {
    'mesa-workshop-created': CustomEvent<{ workshop: Workshop }>;
  }
}
