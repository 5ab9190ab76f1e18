import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ConnectionStatus } from '../../controllers/room-controller.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';

/** A small note that says whether the page is receiving live updates. */
@customElement('mesa-live-status')
export class MesaLiveStatus extends LightElement {
  @property() status: ConnectionStatus = 'offline';
  @property({ type: Boolean }) joined = false;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t } = this.i18n;
    const live = this.status === 'live' && this.joined;
    const key = live ? 'live' : this.status === 'offline' ? 'offline' : 'connecting';
    return html`<p class="live-status live-status--${key}" data-state=${key}>
      <span class="live-status__dot" aria-hidden="true"></span>${t(`proposals:liveStatus.${key}`)}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-live-status': MesaLiveStatus;
  }
}
