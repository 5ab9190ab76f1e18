import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { MEETING_KINDS, SECTORS } from '@mesa/shared/values';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { evidenceApi, type Meeting } from './evidence-api.ts';

/** Admin records behind the report: meetings held (with attendance by sector and minutes) and a total reported from outside the portal. */
@customElement('mesa-evidence-admin')
export class MesaEvidenceAdmin extends LightElement {
  @property() slug = '';
  @property({ attribute: false }) meetings: Meeting[] = [];
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private meetingErrors: string[] = [];
  @state() private reportedErrors: string[] = [];
  @state() private busy = false;
  private readonly ids = uid('evidence-admin');


  private errorsOf(err: unknown): string[] {
    if (err instanceof ApiError && err.errors.length) return err.errors.map((e) => `${e.path}: ${e.message}`);
    return [problemMessage(this.i18n.t, err)];
  }

  private changed(message: string) {
    emit(this, 'mesa-announce', { message });
    emit(this, 'mesa-evidence-changed', {});
  }

  private async addMeeting(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const attendance: Record<string, number> = {};
    for (const s of SECTORS) {
      const v = String(data.get(`att-${s}`) ?? '').trim();
      if (v !== '') attendance[s] = Number(v);
    }
    const minutesUrl = String(data.get('minutesUrl') ?? '').trim();
    this.busy = true;
    try {
      await evidenceApi.addMeeting(this.api, this.slug, {
        heldOn: String(data.get('heldOn') ?? ''), title: String(data.get('title') ?? ''), kind: String(data.get('kind')) as Meeting['kind'],
        attendance, ...(minutesUrl ? { minutesUrl } : {}),
      });
      this.meetingErrors = [];
      form.reset();
      this.changed(this.i18n.t('evidence:admin.meetingAdded'));
    } catch (err) {
      this.meetingErrors = this.errorsOf(err);
    } finally {
      this.busy = false;
    }
  }

  private async removeMeeting(m: Meeting) {
    try {
      await evidenceApi.removeMeeting(this.api, this.slug, m.id);
      this.changed(this.i18n.t('evidence:admin.remove'));
    } catch (err) {
      this.meetingErrors = this.errorsOf(err);
    }
  }

  private async saveReported(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const raw = String(data.get('inputsReported') ?? '').trim();
    try {
      await evidenceApi.saveReported(this.api, this.slug, { inputsReported: raw === '' ? null : Number(raw), note: String(data.get('note') ?? '') });
      this.reportedErrors = [];
      this.changed(this.i18n.t('evidence:admin.reportedSaved'));
    } catch (err) {
      this.reportedErrors = this.errorsOf(err);
    }
  }

  override render() {
    const id = this.ids;
    return html`<section class="evidence__section evidence-admin" aria-labelledby=${`${id}-h`}>
      <h2 id=${`${id}-h`}>${this.i18n.t('evidence:admin.heading')}</h2>
      <form class="card" @submit=${this.addMeeting} novalidate>
        <h3>${this.i18n.t('evidence:admin.meetingHeading')}</h3>
        ${this.meetingErrors.length ? html`<ul class="form-errors" role="alert">${this.meetingErrors.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
        <div class="field"><label for=${`${id}-date`}>${this.i18n.t('evidence:admin.heldOn')}</label><input id=${`${id}-date`} name="heldOn" type="date" required></div>
        <div class="field"><label for=${`${id}-title`}>${this.i18n.t('evidence:admin.meetingTitle')}</label><input id=${`${id}-title`} name="title" required minlength="3" maxlength="300"></div>
        <div class="field"><label for=${`${id}-kind`}>${this.i18n.t('evidence:admin.kind')}</label>
          <select id=${`${id}-kind`} name="kind">${MEETING_KINDS.map((k) => html`<option value=${k}>${this.i18n.t(`evidence:meetingKinds.${k}`)}</option>`)}</select></div>
        <fieldset class="field evidence-admin__attendance"><legend>${this.i18n.t('evidence:admin.attendance')}</legend>
          ${SECTORS.map((s) => html`<div class="field--inline"><label for=${`${id}-att-${s}`}>${this.i18n.t(`evidence:sectors.${s}`)}</label><input id=${`${id}-att-${s}`} name=${`att-${s}`} type="number" min="0" max="100000" inputmode="numeric"></div>`)}
        </fieldset>
        <div class="field"><label for=${`${id}-minutes`}>${this.i18n.t('evidence:admin.minutesUrl')}</label><input id=${`${id}-minutes`} name="minutesUrl" type="url" placeholder="https://"></div>
        <button class="button" type="submit" ?disabled=${this.busy}>${this.i18n.t('evidence:admin.addMeeting')}</button>
      </form>
      ${this.meetings.length ? html`<ul class="evidence-admin__meetings">${this.meetings.map((m) => html`<li>${m.heldOn} — ${m.title}
        <button type="button" class="button button--secondary" @click=${() => void this.removeMeeting(m)} aria-label=${`${this.i18n.t('evidence:admin.remove')}: ${m.title}`}>${this.i18n.t('evidence:admin.remove')}</button></li>`)}</ul>` : nothing}
      <form class="card" @submit=${this.saveReported} novalidate>
        <h3>${this.i18n.t('evidence:admin.reportedHeading')}</h3>
        ${this.reportedErrors.length ? html`<ul class="form-errors" role="alert">${this.reportedErrors.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
        <div class="field"><label for=${`${id}-reported`}>${this.i18n.t('evidence:admin.inputsReported')}</label><input id=${`${id}-reported`} name="inputsReported" type="number" min="0" inputmode="numeric"></div>
        <div class="field"><label for=${`${id}-note`}>${this.i18n.t('evidence:admin.note')}</label><textarea id=${`${id}-note`} name="note" rows="2" maxlength="2000"></textarea></div>
        <button class="button" type="submit">${this.i18n.t('evidence:admin.saveReported')}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-evidence-admin': MesaEvidenceAdmin }
}
