import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage, uid } from '../../ui/problem.ts';
import { evidenceApi, type ParticipantProfile } from './evidence-api.ts';
import { GENDERS } from '@mesa/shared/values';

/** The signed-in person's optional, self-described gender and disability (only ever shown as totals of 5 or more). */
@customElement('mesa-profile-form')
export class MesaProfileForm extends LightElement {
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private profile: ParticipantProfile | null = null;
  @state() private message = '';
  @state() private error = '';
  private readonly fid = uid('profile');


  override connectedCallback(): void {
    super.connectedCallback();
    evidenceApi.profile(this.api).then((p) => { this.profile = p; }, (err) => { this.error = problemMessage(this.i18n.t, err); });
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const value = (k: string) => (String(data.get(k) ?? '') || null);
    try {
      this.profile = await evidenceApi.saveProfile(this.api, { gender: value('gender') as ParticipantProfile['gender'], disability: value('disability') as ParticipantProfile['disability'] });
      this.error = '';
      this.message = this.i18n.t('evidence:profile.saved');
    } catch (err) {
      this.error = problemMessage(this.i18n.t, err);
    }
  }

  override render() {
    const p = this.profile;
    const id = this.fid;
    return html`<section class="evidence__section" aria-labelledby=${`${id}-h`}>
      <form class="card" @submit=${this.save}>
        <h2 id=${`${id}-h`}>${this.i18n.t('evidence:profile.heading')}</h2>
        <p class="muted">${this.i18n.t('evidence:profile.explain')}</p>
        ${this.error ? html`<p role="alert" class="field__error">${this.error}</p>` : nothing}
        <div class="field"><label for=${`${id}-g`}>${this.i18n.t('evidence:profile.gender')}</label>
          <select id=${`${id}-g`} name="gender">
            <option value="" ?selected=${!p?.gender}>${this.i18n.t('evidence:profile.notSay')}</option>
            ${GENDERS.map((g) => html`<option value=${g} ?selected=${p?.gender === g}>${this.i18n.t(`evidence:genders.${g}`)}</option>`)}
          </select></div>
        <div class="field"><label for=${`${id}-d`}>${this.i18n.t('evidence:profile.disability')}</label>
          <select id=${`${id}-d`} name="disability">
            <option value="" ?selected=${!p?.disability}>${this.i18n.t('evidence:profile.notSay')}</option>
            ${(['yes', 'no'] as const).map((d) => html`<option value=${d} ?selected=${p?.disability === d}>${this.i18n.t(`evidence:disability.${d}`)}</option>`)}
          </select></div>
        <button class="button" type="submit">${this.i18n.t('evidence:profile.save')}</button>
        <p role="status" class="muted">${this.message}</p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap { 'mesa-profile-form': MesaProfileForm }
}
