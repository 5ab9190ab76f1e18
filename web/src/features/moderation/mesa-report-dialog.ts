import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { REPORT_REASONS } from '@mesa/shared/values';
import type { Http } from '../../api/http.ts';
import { moderationApi, type ModerationTarget, type ReportReason } from './moderation-api.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import '../../ui/mesa-field.ts';

const DETAILS_MAX = 1000;

/** Report a proposal or a comment to the moderators: a reason (required) and optional details. */
@customElement('mesa-report-dialog')
export class MesaReportDialog extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private target: { targetType: ModerationTarget; targetId: string } | null = null;
  @state() private error = '';
  @state() private reasonError = '';
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly base = uid('report');
  private opener: HTMLElement | null = null;

  open(targetType: ModerationTarget, targetId: string): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.target = { targetType, targetId };
    this.error = '';
    this.reasonError = '';
    void this.updateComplete.then(() => {
      this.querySelector('form')?.reset();
      this.dialog.showModal();
      this.querySelector<HTMLInputElement>('input[name="reason"]')?.focus();
    });
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { t } = this.i18n;
    const data = new FormData(event.target as HTMLFormElement);
    const reason = data.get('reason') as ReportReason | null;
    const details = String(data.get('details') ?? '').trim();
    this.reasonError = reason ? '' : t('moderation:report.reasonRequired');
    this.error = details.length > DETAILS_MAX ? t('moderation:report.detailsLong', { max: DETAILS_MAX }) : '';
    if (!reason || this.error || !this.target) {
      await this.updateComplete;
      this.querySelector<HTMLInputElement>(reason ? 'textarea' : 'input[name="reason"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      await moderationApi.report(this.api, { ...this.target, reason, ...(details ? { details } : {}) });
      this.dialog.close();
      emit(this, 'mesa-announce', { message: t('moderation:report.done') });
    } catch (err) {
      this.error = problemMessage(t, err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { t } = this.i18n;
    const what = this.target?.targetType === 'comments' ? t('moderation:report.commentTitle') : t('moderation:report.proposalTitle');
    return html`
      <dialog class="dialog" aria-labelledby="${this.base}-heading" @close=${() => this.opener?.focus()}>
        <form novalidate @submit=${this.submit}>
          <h2 id="${this.base}-heading">${what}</h2>
          <p>${t('moderation:report.intro')}</p>
          <fieldset class="field ${this.reasonError ? 'field--error' : ''}" aria-describedby=${this.reasonError ? `${this.base}-reason-error` : nothing}>
            <legend>${t('moderation:report.reason')}</legend>
            ${this.reasonError ? html`<p class="field__error" id="${this.base}-reason-error">${this.reasonError}</p>` : nothing}
            ${REPORT_REASONS.map(
              (r) => html`<label class="check"><input type="radio" name="reason" value=${r} /> ${t(`moderation:reason.${r}`)}</label>`,
            )}
          </fieldset>
          <mesa-field fieldId="${this.base}-details" name="details" type="textarea" .countMax=${DETAILS_MAX}
            .label=${t('moderation:report.details')} .hint=${t('moderation:report.detailsHint')}></mesa-field>
          ${this.error ? html`<p class="alert alert--error" role="alert">${this.error}</p>` : nothing}
          <div class="actions">
            <button type="submit" class="button" ?disabled=${this.busy}>${t('moderation:report.submit')}</button>
            <button type="button" class="button button--secondary" @click=${() => this.dialog.close()}>${t('cancel')}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-report-dialog': MesaReportDialog;
  }
}
