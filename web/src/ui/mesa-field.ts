import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LightElement } from './light-element.ts';
import './mesa-char-count.ts';

/**
 * A labelled form control with an optional hint and an inline error, wired with
 * aria-describedby and aria-invalid. Its <input>/<textarea>/<select> belongs to the
 * surrounding <form>, so the form reads values with FormData.
 */
@customElement('mesa-field')
export class MesaField extends LightElement {
  /** The control's id; also what error summaries link to. */
  @property() fieldId = '';
  @property() name = '';
  @property() label = '';
  @property() type: 'text' | 'email' | 'password' | 'date' | 'textarea' | 'select' = 'text';
  @property() value = '';
  @property() hint = '';
  @property() error = '';
  @property() autocomplete = '';
  @property({ type: Boolean }) required = false;
  @property({ type: Number }) minlength?: number;
  @property({ type: Number }) maxlength?: number;
  @property() pattern?: string;
  /** For type="select": the choices. */
  @property({ attribute: false }) options: Array<{ value: string; label: string; lang?: string }> = [];
  /** Language of the expected content, when it differs from the page's. */
  @property() inputLang?: string;
  /** Show a live character count against this limit (the limit is checked by the form, not enforced by typing). */
  @property({ type: Number }) countMax?: number;
  @state() private length = -1;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.length = -1;
  }

  private onInput(event: Event): void {
    if (this.countMax) this.length = (event.target as HTMLInputElement).value.length;
  }

  override render() {
    const id = this.fieldId;
    const counted = !!this.countMax;
    const described = [this.hint ? `${id}-hint` : '', counted ? `${id}-count` : '', this.error ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    const common = {
      describedby: described || nothing,
      invalid: this.error ? 'true' : nothing,
    };
    let control;
    if (this.type === 'textarea') {
      control = html`<textarea id=${id} name=${this.name} rows="4" .value=${this.value} ?required=${this.required}
        lang=${this.inputLang ?? nothing} @input=${this.onInput}
        maxlength=${this.maxlength ?? nothing} aria-describedby=${common.describedby} aria-invalid=${common.invalid}></textarea>`;
    } else if (this.type === 'select') {
      control = html`<select id=${id} name=${this.name} ?required=${this.required}
        aria-describedby=${common.describedby} aria-invalid=${common.invalid}>
        ${this.options.map(
          (o) => html`<option value=${o.value} lang=${o.lang ?? nothing} ?selected=${o.value === this.value}>${o.label}</option>`,
        )}
      </select>`;
    } else {
      control = html`<input id=${id} name=${this.name} type=${this.type} .value=${this.value} ?required=${this.required}
        autocomplete=${this.autocomplete || nothing} minlength=${this.minlength ?? nothing}
        maxlength=${this.maxlength ?? nothing} pattern=${this.pattern ?? nothing} lang=${this.inputLang ?? nothing}
        aria-describedby=${common.describedby} aria-invalid=${common.invalid} @input=${this.onInput} />`;
    }
    return html`
      <div class="field ${this.error ? 'field--error' : ''}">
        <label for=${id}>${this.label}</label>
        ${this.hint ? html`<p id="${id}-hint" class="hint">${this.hint}</p>` : nothing}
        ${this.error ? html`<p id="${id}-error" class="field__error">${this.error}</p>` : nothing}
        ${control}
        ${counted
          ? html`<mesa-char-count .controlId=${id} .length=${this.length < 0 ? this.value.length : this.length} .max=${this.countMax!}></mesa-char-count>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-field': MesaField;
  }
}
