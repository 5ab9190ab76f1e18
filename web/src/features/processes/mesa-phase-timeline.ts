import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Phase, Process } from '@mesa/shared';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { orderedPhases, phaseStatus } from './phases.ts';

/** The published schedule: each phase with its dates, its state, and what it is for. */
@customElement('mesa-phase-timeline')
export class MesaPhaseTimeline extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private phase(phase: Phase, index: number) {
    const { t, formatDate } = this.i18n;
    const status = phaseStatus(this.process, phase.kind);
    const headingId = `phase-${phase.kind}`;
    return html`
      <li class="phase phase--${status}" aria-current=${status === 'open' ? 'step' : nothing}>
        <span class="phase__marker" aria-hidden="true">${index + 1}</span>
        <div class="phase__body">
          <h3 id=${headingId} class="phase__name">
            ${t(`phase.${phase.kind}`)}
            <span class="badge badge--${status}">${t(`processes:status.${status}`)}</span>
          </h3>
          <p class="phase__dates">
            <time datetime=${phase.startsAt}>${formatDate(phase.startsAt)}</time>
            <span aria-hidden="true"> – </span><span class="visually-hidden">${t('processes:timeline.to')}</span>
            <time datetime=${phase.endsAt}>${formatDate(phase.endsAt)}</time>
          </p>
          <p class="phase__about">${t(`processes:about.${phase.kind}`)}</p>
        </div>
      </li>
    `;
  }

  override render() {
    const { t } = this.i18n;
    const phases = orderedPhases(this.process);
    return html`
      <section class="section" aria-labelledby="phase-timeline-heading">
        <h2 id="phase-timeline-heading">${t('processes:timeline.heading')}</h2>
        <p class="muted">${t('processes:timeline.intro')}</p>
        ${phases.length
          ? html`<ol class="phase-list">${phases.map((p, i) => this.phase(p, i))}</ol>`
          : html`<p>${t('processes:timeline.empty')}</p>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-phase-timeline': MesaPhaseTimeline;
  }
}
