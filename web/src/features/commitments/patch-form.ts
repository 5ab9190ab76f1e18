import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import { commitmentsApi, type Commitment, type CommitmentPatch } from './commitments-api.ts';
import { emit } from '../../events.ts';

/**
 * What the details form and the milestone table share: they edit a copy of the commitment's
 * structured fields and save it with PATCH and the version they started from. A newer version
 * saved by someone else meanwhile is adopted at once when nothing was changed here, else it is
 * said, and the server's 409 stale-version offers to load it.
 */
const isStale = (err: unknown) => err instanceof ApiError && err.code === 'stale-version';

export abstract class PatchForm extends LightElement {
  @property({ attribute: false }) commitment: Commitment | null = null;
  @property({ type: Boolean }) readonly = false;
  @consume({ context: apiContext }) protected api!: Http;
  @consume({ context: i18nContext, subscribe: true }) protected i18n!: I18nValue;
  /** The commitment this form's values started from. */
  @state() protected base: Commitment | null = null;
  @state() protected dirty = false;
  /** Someone else saved a newer version while this form had changes. */
  @state() protected newer: Commitment | null = null;
  @state() protected stale = false;
  protected readonly form = new FormController(this, { t: () => this.i18n.t, fieldOf: (p) => this.fieldOf(p) });

  /** Reset the editable copy from `base`. */
  protected abstract reset(): void;
  /** The PATCH body (without baseVersion) or field errors found before sending. */
  protected abstract collect(): { patch: Omit<CommitmentPatch, 'baseVersion'> } | { errors: FieldErrors };
  protected abstract fieldOf(path: string): string;
  /** The values this form edits, as one comparable string: another version with the same key changed nothing here. */
  protected abstract ownKey(c: Commitment): string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('commitment') || !this.commitment) return;
    if (!this.base || !this.dirty) {
      this.adopt(this.commitment);
    } else if (this.commitment.version !== this.base.version) {
      // Someone saved other fields (or another form here did): keep editing on top of that version.
      if (this.ownKey(this.commitment) === this.ownKey(this.base)) this.base = this.commitment;
      else this.newer = this.commitment;
    }
  }

  protected adopt(c: Commitment): void {
    this.base = c;
    this.dirty = false;
    this.stale = false;
    this.newer = null;
    this.reset();
  }

  protected changed(): void {
    this.dirty = true;
    this.form.done = '';
  }

  /** Discard the changes here and take the latest saved version. */
  protected async loadLatest(): Promise<void> {
    const latest = await this.form.run(() => commitmentsApi.get(this.api, this.base!.id), { focus: false });
    if (!latest) return;
    this.adopt(latest);
    emit(this, 'mesa-commitment-changed', { commitment: latest });
  }

  protected async save(e: SubmitEvent, retried = false): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const base = this.base;
    if (!base || this.form.busy) return;
    const out = this.collect();
    if ('errors' in out) {
      this.form.check(out.errors);
      return;
    }
    const next = await this.form.run(
      // A 409 stale-version answers null: someone saved since this form started.
      () => commitmentsApi.patch(this.api, base.id, { ...out.patch, baseVersion: base.version }).catch((err) => (isStale(err) ? null : Promise.reject(err))),
      { done: (next) => (next ? t('commitments:form.saved', { version: next.version }) : '') },
    );
    if (next) {
      this.adopt(next);
      emit(this, 'mesa-commitment-changed', { commitment: next });
    } else if (next === null) {
      // A newer version that changed none of this form's fields: save on top of it.
      const latest = retried ? null : await commitmentsApi.get(this.api, base.id).catch(() => null);
      if (latest && this.ownKey(latest) === this.ownKey(base)) {
        this.base = latest;
        return this.save(e, true);
      }
      if (latest) this.newer = latest;
      this.stale = true;
      await this.updateComplete;
      this.querySelector<HTMLElement>('.stale-notice')?.focus();
    }
  }

  /** The notices about someone else's newer version, and the saved confirmation. */
  protected renderNotices() {
    const { t } = this.i18n;
    return html`
      ${this.stale
        ? html`<div class="alert alert--error stale-notice" role="alert" tabindex="-1">
            <p>${t('commitments:form.stale')}</p>
            <button type="button" class="button button--secondary" ?disabled=${this.form.busy} @click=${this.loadLatest}>${t('commitments:form.loadLatest')}</button>
          </div>`
        : this.newer
          ? html`<div class="alert alert--info" role="status">
              <p>${t('commitments:form.newer')}</p>
              <button type="button" class="button button--secondary" ?disabled=${this.form.busy} @click=${this.loadLatest}>${t('commitments:form.loadLatest')}</button>
            </div>`
          : nothing}
      ${this.form.done ? html`<p class="save-status">${this.form.done}</p>` : nothing}
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mesa-commitment-changed': CustomEvent<{ commitment: Commitment }>;
  }
}
