import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ProposalState } from './proposals-api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';

/** The state of a proposal as a badge (colour plus words, never colour alone). */
@customElement('mesa-state-badge')
export class MesaStateBadge extends LightElement {
  @property() state: ProposalState = 'submitted';
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    return html`<span class="badge state state--${this.state}">${this.i18n.t(`proposals:state.${this.state}`)}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-state-badge': MesaStateBadge;
  }
}
