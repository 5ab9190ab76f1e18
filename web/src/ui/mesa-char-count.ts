import { html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../contexts/i18n.ts';
import { LightElement } from './light-element.ts';

const ANNOUNCE_AFTER_MS = 1000;

/**
 * "12 of 150 characters" under a control (its id is `<controlId>-count`, for aria-describedby),
 * plus a polite live region that speaks what is left once typing pauses, not on every key.
 */
@customElement('mesa-char-count')
export class MesaCharCount extends LightElement {
  @property() controlId = '';
  @property({ type: Number }) length = 0;
  @property({ type: Number }) max = 0;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;
  @state() private spoken = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private first = true;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('length')) return;
    if (this.first) {
      this.first = false;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.spoken = this.remaining()), ANNOUNCE_AFTER_MS);
  }

  override disconnectedCallback(): void {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  private remaining(): string {
    const { t } = this.i18n;
    const left = this.max - this.length;
    return left >= 0 ? t('charCount.left', { count: left }) : t('charCount.over', { count: -left });
  }

  override render() {
    const { t, lng } = this.i18n;
    const over = this.length > this.max;
    const fmt = (n: number) => n.toLocaleString(lng);
    return html`
      <p class="char-count ${over ? 'char-count--over' : ''}" id="${this.controlId}-count">
        ${t('charCount.of', { length: fmt(this.length), max: fmt(this.max) })}${over ? html` — ${this.remaining()}` : ''}
      </p>
      <span class="visually-hidden" aria-live="polite">${this.spoken}</span>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-char-count': MesaCharCount;
  }
}
