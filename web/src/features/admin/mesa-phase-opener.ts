import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import type { PhaseKind, Process } from '@mesa/shared';
import { PHASE_KINDS } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { outsideSchedule } from '../processes/phases.ts';
import { processesApi } from '../processes/processes-api.ts';
import { emit } from '../../events.ts';

/** Admin control on a process page: open any phase (an opening outside its dates is logged). */
@customElement('mesa-phase-opener')
export class MesaPhaseOpener extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private kind: PhaseKind = 'open-call';
  private readonly form = new FormController(this, { t: () => this.i18n.t });
  private readonly controlId = uid('open-phase');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('process') && this.process) {
      // Suggest the phase after the open one.
      const next = PHASE_KINDS[PHASE_KINDS.indexOf(this.process.activePhase ?? 'open-call') + 1];
      this.kind = this.process.activePhase ? (next ?? this.process.activePhase) : 'open-call';
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const kind = this.kind;
    const process = await this.form.run(() => processesApi.openPhase(this.api, this.process.slug, kind), {
      done: () => t('admin:openPhase.done', { phase: t(`phase.${kind}`) }),
    });
    if (process) emit(this, 'mesa-process-changed', { process });
  }

  override render() {
    const { t } = this.i18n;
    const phase = this.process.phases.find((p) => p.kind === this.kind);
    const offSchedule = phase ? outsideSchedule(phase) : false;
    return html`
      <section class="admin-panel" aria-labelledby="${this.controlId}-heading">
        <h2 id="${this.controlId}-heading">${t('admin:openPhase.heading')}</h2>
        <form class="inline-form" @submit=${this.submit}>
          <div class="field">
            <label for=${this.controlId}>${t('admin:openPhase.label')}</label>
            <select id=${this.controlId} aria-describedby="${this.controlId}-hint"
              @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as PhaseKind)}>
              ${PHASE_KINDS.map(
                (k) => html`<option value=${k} ?selected=${k === this.kind}>
                  ${t(`phase.${k}`)}${k === this.process.activePhase ? ` (${t('processes:status.open')})` : ''}
                </option>`,
              )}
            </select>
          </div>
          <button type="submit" class="button" ?disabled=${this.form.busy || this.kind === this.process.activePhase}>
            ${t('admin:openPhase.submit')}
          </button>
        </form>
        <p id="${this.controlId}-hint" class="hint">
          ${offSchedule ? t('admin:openPhase.outsideSchedule') : t('admin:openPhase.hint')}
        </p>
        ${this.form.error ? html`<p class="alert alert--error" role="alert">${this.form.error}</p>` : nothing}
        ${this.form.done ? html`<p class="alert alert--success">${this.form.done}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-phase-opener': MesaPhaseOpener;
  }
  interface GlobalEventHandlersEventMap {
    /** A process was changed by an action on the page; carries the server's new version. */
    'mesa-process-changed': CustomEvent<{ process: Process }>;
  }
}
