import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from './light-element.ts';

export interface SummaryItem {
  /** The id of the control the message is about; empty for a form-wide message. */
  fieldId: string;
  message: string;
}

/** The list of problems at the top of a form, each linking to its field. Call focus() after a failed submit. */
@customElement('mesa-error-summary')
export class MesaErrorSummary extends LightElement {
  @property() heading = '';
  @property({ attribute: false }) items: SummaryItem[] = [];

  override focus(): void {
    this.querySelector<HTMLElement>('.error-summary')?.focus();
  }

  private jump(event: MouseEvent, fieldId: string): void {
    // Move focus to the control itself, not only scroll to it.
    event.preventDefault();
    const control = document.getElementById(fieldId);
    control?.focus();
    control?.scrollIntoView({ block: 'center' });
  }

  override render() {
    if (this.items.length === 0) return nothing;
    return html`
      <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-heading">
        <h2 id="error-summary-heading">${this.heading}</h2>
        <ul>
          ${this.items.map((item) =>
            item.fieldId
              ? html`<li><a href="#${item.fieldId}" @click=${(e: MouseEvent) => this.jump(e, item.fieldId)}>${item.message}</a></li>`
              : html`<li>${item.message}</li>`,
          )}
        </ul>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-error-summary': MesaErrorSummary;
  }
}
