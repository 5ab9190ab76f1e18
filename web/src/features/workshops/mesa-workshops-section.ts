import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import type { Process } from '@mesa/shared';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { canManageRounds } from '../rounds/rounds-api.ts';
import { consolePath, projectorPath, workshopPath, workshopsApi, type WorkshopListItem } from './workshops-api.ts';
import './mesa-outcome.ts';
import './mesa-workshop-form.ts';
import './workshops.css';

/** The live workshops of a process, each closed one with its recorded outcome; facilitators create new ones here. */
@customElement('mesa-workshops-section')
export class MesaWorkshopsSection extends LightElement {
  @property({ attribute: false }) process!: Process;
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  @state() private items: WorkshopListItem[] | null = null;
  @state() private error = '';
  @state() private creating = false;
  private readonly base = uid('workshops');
  private slug = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('process') && this.process.slug !== this.slug) {
      this.slug = this.process.slug;
      this.items = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.items = (await workshopsApi.list(this.api, this.process.slug)).items;
      this.error = '';
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  override render() {
    const { t, formatDate } = this.i18n;
    const manager = canManageRounds(this.session.user, this.process.slug);
    const items = this.items ?? [];
    if (!manager && this.items !== null && items.length === 0) return nothing;
    return html`<section class="section" aria-labelledby="${this.base}-heading">
      <h2 id="${this.base}-heading">${t('workshops:list.heading')}</h2>
      <p class="muted">${t('workshops:list.intro')}</p>
      ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
      ${this.items && items.length === 0 ? html`<p>${t('workshops:list.empty')}</p>` : nothing}
      <ul class="round-list">
        ${items.map((w) => html`<li class="card round-item" aria-labelledby="${this.base}-${w.id}">
          <h3 id="${this.base}-${w.id}">${w.title}</h3>
          <p class="round-item__meta">
            <span class="badge ${w.state === 'open' ? 'badge--open' : 'badge--closed'}">${t(`workshops:state.${w.state}`)}</span>
            <span>${formatDate(w.startsAt, { dateStyle: 'medium', timeStyle: 'short' })}</span>
            <span>${t(`workshops:mode.${w.mode}`)}</span>
          </p>
          ${w.state === 'open'
            ? html`<p class="actions">
                ${manager ? html`<a class="button" href=${consolePath(w.id)}>${t('workshops:list.console')}</a>
                  <a class="button button--secondary" href=${projectorPath(w.id)}>${t('workshops:console.projector')}</a>` : nothing}
                <a class="button button--secondary" href=${workshopPath(w.id)}>${t('workshops:list.take')}</a>
              </p>`
            : nothing}
          ${w.outcome ? html`<details class="outcome-details"><summary>${t('workshops:list.outcome')}</summary>
              <mesa-outcome .outcome=${w.outcome} .headingLevel=${4}></mesa-outcome></details>` : nothing}
        </li>`)}
      </ul>
      ${manager
        ? html`<button type="button" class="button button--secondary" aria-expanded=${this.creating ? 'true' : 'false'}
              @click=${() => (this.creating = !this.creating)}>${t('workshops:list.create')}</button>
            ${this.creating ? html`<mesa-workshop-form .slug=${this.process.slug} @mesa-workshop-created=${() => void this.load()}></mesa-workshop-form>` : nothing}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-workshops-section': MesaWorkshopsSection;
  }
}
