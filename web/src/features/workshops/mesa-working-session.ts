import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { commitmentPath, commitmentsApi } from '../commitments/commitments-api.ts';

/** What the viewer may do with the commitment under discussion. */
type Access = 'loading' | 'edit' | 'read' | 'none';

/**
 * A working session: the workshop's current agenda item is a commitment. Its drafters (and admins)
 * get the live commitment editor beside the room's rounds, loaded on demand (it brings Yjs); everyone
 * else who may read the commitment gets a link to its page; guests who may not read a draft are told
 * the drafting team is working on it.
 */
@customElement('mesa-working-session')
export class MesaWorkingSession extends LightElement {
  @property() commitmentId = '';
  @property() itemTitle = '';
  @property() reference = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private access: Access = 'loading';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('commitmentId')) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.commitmentId;
    this.access = 'loading';
    if (!id) return;
    try {
      const c = await commitmentsApi.get(this.api, id);
      if (id !== this.commitmentId) return;
      if (c.canEdit) await import('../commitments/mesa-commitment-editor.ts');
      if (id === this.commitmentId) this.access = c.canEdit ? 'edit' : 'read';
    } catch {
      if (id === this.commitmentId) this.access = 'none';
    }
  }

  override render() {
    const { t } = this.i18n;
    const headingId = `working-session-${this.commitmentId}`;
    const ref = this.reference ? html`<span class="proposal-card__ref">${this.reference}</span> ` : nothing;
    return html`<section class="card working-session" aria-labelledby=${headingId} data-commitment=${this.commitmentId}>
      <h2 id=${headingId}>${t('workshops:session.heading')}</h2>
      <p class="working-session__item">${ref}${this.itemTitle}</p>
      ${this.access === 'loading' ? html`<p role="status">${t('loading')}</p>` : nothing}
      ${this.access === 'edit'
        ? html`<p class="hint">${t('workshops:session.editHint')}</p>
            <div class="working-session__editor" @mesa-title=${(e: Event) => e.stopPropagation()}>
              <mesa-commitment-editor .commitmentId=${this.commitmentId}></mesa-commitment-editor>
            </div>`
        : nothing}
      ${this.access === 'read'
        ? html`<p>${t('workshops:session.readHint')}</p>
            <p><a class="button button--secondary" href=${commitmentPath(this.commitmentId)}>${t('workshops:session.open', { title: this.itemTitle })}</a></p>`
        : nothing}
      ${this.access === 'none' ? html`<p>${t('workshops:session.noAccess')}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-working-session': MesaWorkingSession;
  }
}
