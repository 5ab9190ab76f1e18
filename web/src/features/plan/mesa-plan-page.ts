import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { Commitment, Endorsement, Plan } from '@mesa/shared';
import type { Http } from '../../api/http.ts';
import { isAdmin } from '../../contexts/session.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue, type Translate } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { planApi, type EndorsementList } from './plan-api.ts';
import { TEMPLATE_FIELDS, planPeriod } from './plan-model.ts';
import './mesa-endorse-form.ts';
import './mesa-plan-downloads.ts';
import './plan.css';
import { processesApi } from '../processes/processes-api.ts';

interface Loaded { plan: Plan; commitments: Commitment[]; endorsements: EndorsementList; activePhase: string | null }

/** The public plan: metadata, every commitment with its milestones, confirmed endorsements, downloads. Printable. */
@customElement('mesa-plan-page')
export class MesaPlanPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;

  private readonly task = new Task(this, {
    task: async ([slug]): Promise<Loaded> => {
      const [plan, commitments, endorsements, process] = await Promise.all([
        planApi.plan(this.api, slug), planApi.commitments(this.api, slug), planApi.endorsements(this.api, slug), processesApi.get(this.api, slug),
      ]);
      emit(this, 'mesa-title', { title: plan.title });
      return { plan, commitments: commitments.items, endorsements, activePhase: process.activePhase };
    },
    args: () => [this.slug, this.session.user?.id] as const,
  });

  private get t(): Translate {
    return this.i18n.t;
  }

  private renderMeta(plan: Plan) {
    const t = this.t;
    const rows: [string, string][] = [
      [t('plan:export.period'), planPeriod(plan, this.i18n.formatDate)],
      [t('plan:export.leadInstitution'), plan.leadInstitution],
      [t('plan:export.forum'), plan.forum],
      [t('plan:export.independentMonitor'), plan.independentMonitor],
      [t('plan:export.contact'), plan.contact],
    ];
    return html`<dl class="plan-meta">
      ${rows.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
      ${plan.ogpPageUrl ? html`<dt>${t('plan:export.ogpPage')}</dt><dd><a href=${plan.ogpPageUrl} rel="noopener">${plan.ogpPageUrl}</a></dd>` : nothing}
    </dl>`;
  }

  private renderCommitment(c: Commitment) {
    const t = this.t;
    const id = `commitment-${c.reference}`;
    const dates = planPeriod({ periodStart: c.startsOn, periodEnd: c.endsOn }, this.i18n.formatDate);
    return html`<article class="plan-commitment" aria-labelledby=${id}>
      <h3 id=${id}><a href="/commitments/${c.id}">${c.reference} — ${c.title}</a></h3>
      <dl class="plan-meta">
        <dt>${t('plan:export.area')}</dt><dd>${t(`plan:area.${c.area}`)}</dd>
        ${c.leadInstitution ? html`<dt>${t('plan:export.leadInstitution')}</dt><dd>${c.leadInstitution}</dd>` : nothing}
        ${dates ? html`<dt>${t('plan:export.dates')}</dt><dd>${dates}</dd>` : nothing}
      </dl>
      ${TEMPLATE_FIELDS.filter((f) => c.fields[f].trim()).map((f) => html`<h4>${t(`plan:fields.${f}`)}</h4>
        ${c.fields[f].split(/\n+/).filter((p) => p.trim()).map((p) => html`<p>${p}</p>`)}`)}
      <div class="table-scroll" role="region" tabindex="0" aria-labelledby="${id}-milestones">
        <table class="plan-milestones">
          <caption id="${id}-milestones">${t('plan:ui.page.milestonesOf', { reference: c.reference })}</caption>
          <thead><tr>
            <th scope="col">${t('plan:export.milestone')}</th><th scope="col">${t('plan:export.deliverable')}</th>
            <th scope="col">${t('plan:export.startsOn')}</th><th scope="col">${t('plan:export.endsOn')}</th>
            <th scope="col">${t('plan:export.responsible')}</th><th scope="col">${t('plan:export.status')}</th>
          </tr></thead>
          <tbody>
            ${c.milestones.length === 0
              ? html`<tr><td colspan="6">${t('plan:export.noMilestones')}</td></tr>`
              : c.milestones.map((m) => html`<tr>
                  <th scope="row">${m.title}</th><td>${m.deliverable}</td>
                  <td>${m.startsOn ? this.i18n.formatDate(`${m.startsOn}T12:00:00Z`, { dateStyle: 'medium' }) : ''}</td>
                  <td>${m.endsOn ? this.i18n.formatDate(`${m.endsOn}T12:00:00Z`, { dateStyle: 'medium' }) : ''}</td>
                  <td>${m.responsible}</td><td>${t(`plan:status.${m.status}`)}</td>
                </tr>`)}
          </tbody>
        </table>
      </div>
    </article>`;
  }

  private renderEndorsements(items: Endorsement[]) {
    const t = this.t;
    if (items.length === 0) return html`<p>${t('plan:export.noEndorsements')}</p>`;
    return html`<ul class="plan-endorsements">
      ${items.map((e) => html`<li>
        <p class="plan-endorsements__org">${e.organisation}</p>
        <p>${e.representative}, ${e.role}</p>
        ${e.statement ? html`<blockquote>${e.statement}</blockquote>` : nothing}
      </li>`)}
    </ul>`;
  }

  override render() {
    const t = this.t;
    return this.task.render({
      pending: () => html`<p role="status">${this.i18n.t('common:loading')}</p>`,
      error: (err) => html`<div role="alert" class="error">${problemMessage(this.i18n.t, err)}</div>`,
      complete: ({ plan, commitments, endorsements, activePhase }) => {
        const admin = isAdmin(this.session.user);
        const canDownload = plan.adoptedAt !== null || admin;
        return html`
          <nav class="breadcrumbs no-print" aria-label=${t('plan:ui.page.breadcrumbs')}>
            <a href="/processes/${encodeURIComponent(this.slug)}">${plan.processTitle}</a>
          </nav>
          <h1>${plan.title}</h1>
          <p class="plan-status">${plan.adoptedAt
            ? t('plan:export.adoptedOn', { date: this.i18n.formatDate(plan.adoptedAt, { dateStyle: 'long' }) })
            : t('plan:ui.page.notAdopted')}</p>
          ${admin ? html`<p class="no-print"><a href="/processes/${encodeURIComponent(this.slug)}/plan/admin">${t('plan:ui.page.manage')}</a></p>` : nothing}
          ${this.renderMeta(plan)}
          ${canDownload ? html`<mesa-plan-downloads .slug=${this.slug}></mesa-plan-downloads>` : nothing}
          <section aria-labelledby="plan-commitments-heading">
            <h2 id="plan-commitments-heading">${t('plan:export.commitments')} (${commitments.length})</h2>
            ${commitments.length === 0 ? html`<p>${t('plan:ui.page.noCommitments')}</p>` : commitments.map((c) => this.renderCommitment(c))}
          </section>
          <section aria-labelledby="plan-endorsements-heading">
            <h2 id="plan-endorsements-heading">${t('plan:export.endorsements')}</h2>
            <p>${t('plan:export.endorsementsIntro')}</p>
            ${this.renderEndorsements(endorsements.items)}
            <mesa-endorse-form class="no-print" .slug=${this.slug} .mine=${endorsements.mine} .open=${activePhase === 'adopted'}
              .onEndorsed=${() => this.task.run()}></mesa-endorse-form>
          </section>
        `;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-plan-page': MesaPlanPage;
  }
}
