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
import { uid } from '../../ui/problem.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import '../../ui/mesa-field.ts';

const DETAILS_MAX = 1000;

/** Report a proposal or a comment to the moderators: a reason (required) and optional details. */
@customElement('mesa-report-dialog')
export class MesaReportDialog extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private target: { targetType: ModerationTarget; targetId: string } | null = null;
  // Errors found before sending go on the reason (focus: its first option) or the details (focus:
  // the textarea); the server's answer shows in the alert without moving focus.
  private readonly form: FormController = new FormController(this, {
    t: () => this.i18n.t,
    focus: (): HTMLElement | null => {
      const { reason, details } = this.form.errors;
      return reason ? this.querySelector<HTMLElement>('input[name="reason"]') : details ? this.querySelector('textarea') : null;
    },
  });
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly base = uid('report');
  private opener: HTMLElement | null = null;

  open(targetType: ModerationTarget, targetId: string): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.target = { targetType, targetId };
    this.form.clear();
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
    const errors: FieldErrors = {};
    if (!reason) errors.reason = t('moderation:report.reasonRequired');
    if (details.length > DETAILS_MAX) errors.details = t('moderation:report.detailsLong', { max: DETAILS_MAX });
    const target = this.target;
    if (!this.form.check(errors) || !reason || !target) return;
    const sent = await this.form.run(async () => {
      await moderationApi.report(this.api, { ...target, reason, ...(details ? { details } : {}) });
      return true;
    });
    if (!sent) return;
    this.dialog.close();
    emit(this, 'mesa-announce', { message: t('moderation:report.done') });
  }

  override render() {
    const { t } = this.i18n;
    const { reason: reasonError, details: detailsError } = this.form.errors;
    const error = detailsError ?? this.form.error;
    const what = this.target?.targetType === 'comments' ? t('moderation:report.commentTitle') : t('moderation:report.proposalTitle');
    return html`
      <dialog class="dialog" aria-labelledby="${this.base}-heading" @close=${() => this.opener?.focus()}>
        <form novalidate @submit=${this.submit}>
          <h2 id="${this.base}-heading">${what}</h2>
          <p>${t('moderation:report.intro')}</p>
          <fieldset class="field ${reasonError ? 'field--error' : ''}" aria-describedby=${reasonError ? `${this.base}-reason-error` : nothing}>
            <legend>${t('moderation:report.reason')}</legend>
            ${reasonError ? html`<p class="field__error" id="${this.base}-reason-error">${reasonError}</p>` : nothing}
            ${REPORT_REASONS.map(
              (r) => html`<label class="check"><input type="radio" name="reason" value=${r} /> ${t(`moderation:reason.${r}`)}</label>`,
            )}
          </fieldset>
          <mesa-field fieldId="${this.base}-details" name="details" type="textarea" .countMax=${DETAILS_MAX}
            .label=${t('moderation:report.details')} .hint=${t('moderation:report.detailsHint')}></mesa-field>
          ${error ? html`<p class="alert alert--error" role="alert">${error}</p>` : nothing}
          <div class="actions">
            <button type="submit" class="button" ?disabled=${this.form.busy}>${t('moderation:report.submit')}</button>
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
