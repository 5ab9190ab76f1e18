import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiError, type Http } from '../../api/http.ts';
import { SECTORS } from '@mesa/shared/values';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { sessionContext, type Session } from '../../contexts/session.ts';
import { roomConnection } from '../../controllers/room-connection.ts';
import { emit } from '../../events.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { FormController } from '../../controllers/form-controller.ts';
import { LightElement } from '../../ui/light-element.ts';
import '../../ui/mesa-error-summary.ts';
import '../../ui/mesa-field.ts';
import { workshopPath, workshopsApi } from './workshops-api.ts';
import './workshops.css';

const CODE = /^[A-HJKMNP-Z2-9]{6}$/;
const FIELDS = ['code', 'displayName', 'sector'] as const;

/** Joining a live workshop by its code (`/join/:code` or `/join`): a name to show and, optionally, a sector. */
@customElement('mesa-join-page')
export class MesaJoinPage extends LightElement {
  @property() code = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @consume({ context: sessionContext, subscribe: true }) private session!: Session;
  private readonly form = new FormController(this, {
    t: () => this.i18n.t,
    fieldOf: (path) => FIELDS.find((f) => path.startsWith(f)) ?? '',
    problem: (err): FieldErrors | undefined => {
      const { t } = this.i18n;
      if (!(err instanceof ApiError)) return undefined;
      if (err.status === 404) return { code: t('workshops:join.noSuchCode') };
      if (err.status === 409) return { '': t('workshops:join.locked') };
      if (err.status === 403) return { '': t('workshops:join.removed') };
      return undefined;
    },
  });

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this.i18n;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const code = String(data.get('code') ?? this.code).trim().toUpperCase().replace(/[\s-]/g, '');
    const displayName = String(data.get('displayName') ?? '').trim();
    const sector = String(data.get('sector') ?? '');
    const errors: FieldErrors = {};
    if (!CODE.test(code)) errors.code = t('workshops:join.codeInvalid');
    if (!displayName) errors.displayName = t('workshops:join.nameNeeded');
    else if (displayName.length > 60) errors.displayName = t('workshops:join.nameLong');
    if (!this.form.check(errors)) return;
    const w = await this.form.run(() => workshopsApi.join(this.api, { code, displayName, ...(sector ? { sector: sector as (typeof SECTORS)[number] } : {}) }));
    if (!w) return;
    // A guest now has a session of their own: a new CSRF token, and a websocket that carries the new cookie.
    this.api.resetCsrf();
    roomConnection.restart();
    emit(this, 'mesa-announce', { message: t('workshops:join.joined', { title: w.title }) });
    emit(this, 'mesa-navigate', { path: workshopPath(w.id) });
  }

  override render() {
    const { t } = this.i18n;
    const e = this.form.errors;
    const user = this.session.user;
    const code = this.code.toUpperCase();
    return html`<div class="narrow join">
      <h1>${t('workshops:join.title')}</h1>
      <p class="lead">${t('workshops:join.intro')}</p>
      <form novalidate @submit=${this.submit}>
        <mesa-error-summary .heading=${t('formErrors')} .items=${this.form.items(FIELDS, (f) => `join-${f}`)}></mesa-error-summary>
        ${code && CODE.test(code)
          ? html`<p class="join__code">${t('workshops:join.codeIs')} <strong>${code}</strong></p><input type="hidden" name="code" .value=${code} />`
          : html`<mesa-field fieldId="join-code" name="code" .label=${t('workshops:join.code')} .hint=${t('workshops:join.codeHint')}
              .value=${code} autocomplete="off" .error=${e.code ?? ''} required></mesa-field>`}
        ${code && CODE.test(code) && e.code ? html`<p class="field__error" id="join-code">${e.code} <a href="/join">${t('workshops:join.otherCode')}</a></p>` : nothing}
        <mesa-field fieldId="join-displayName" name="displayName" .label=${t('workshops:join.name')} .hint=${t('workshops:join.nameHint')}
          .value=${user?.displayName ?? ''} autocomplete="nickname" .maxlength=${60} .error=${e.displayName ?? ''} required></mesa-field>
        <mesa-field fieldId="join-sector" name="sector" type="select" .label=${t('workshops:join.sector')} .hint=${t('workshops:join.sectorHint')}
          .options=${[{ value: '', label: t('workshops:join.noSector') }, ...SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))]}
          .error=${e.sector ?? ''}></mesa-field>
        <button class="button" type="submit" ?disabled=${this.form.busy}>${t('workshops:join.submit')}</button>
      </form>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-join-page': MesaJoinPage;
  }
}
