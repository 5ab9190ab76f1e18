import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type * as Y from 'yjs';
import { LightElement } from '../../ui/light-element.ts';
import { uid } from '../../ui/problem.ts';
import type { CommitmentSync } from './commitment-sync.ts';
import { chunksOf, shiftIndex, spliceBetween, type TextDelta } from './text-diff.ts';

/** Characters per Y.Text insert: one paste becomes several updates, each small enough for one websocket message. */
const CHUNK = 2000;

/**
 * A labelled textarea bound to one Y.Text of the commitment's document: local typing becomes the
 * smallest insert/delete on the shared text; others' edits update the textarea and keep the
 * caret and selection on the same words. Says who else is in this field.
 */
@customElement('mesa-collab-field')
export class MesaCollabField extends LightElement {
  @property({ attribute: false }) sync: CommitmentSync | null = null;
  @property() field = '';
  @property() label = '';
  @property() hint = '';
  /** Names of the others editing this field now. */
  @property() presenceText = '';
  @property({ type: Boolean }) readonly = false;
  @property({ type: Number }) maxlength = 20_000;
  @property() inputLang?: string;

  private readonly idBase = uid('collab');
  private text: Y.Text | null = null;
  private readonly observer = (event: Y.YTextEvent, tr: Y.Transaction) => this.onRemote(event, tr);
  /** What the textarea showed after the last sync with the shared text. */
  private shown = '';
  private composing = false;
  /** Others' changes that arrived while an input method was composing, applied at its end. */
  private deferred: TextDelta[] = [];

  private get area(): HTMLTextAreaElement | null {
    return this.querySelector('textarea');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('sync') || changed.has('field')) this.bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.text?.unobserve(this.observer);
    this.text = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.bind();
  }

  private bind(): void {
    this.text?.unobserve(this.observer);
    this.text = this.sync ? this.sync.text(this.field) : null;
    this.text?.observe(this.observer);
    this.shown = this.text?.toString() ?? '';
    if (this.area) this.area.value = this.shown;
  }

  private onRemote(event: Y.YTextEvent, tr: Y.Transaction): void {
    if (tr.origin === this) return;
    const area = this.area;
    if (!area || !this.text) return;
    if (this.composing) {
      this.deferred.push(event.delta as TextDelta);
      return;
    }
    const delta = event.delta as TextDelta;
    const focused = document.activeElement === area;
    const [start, end, dir] = [area.selectionStart, area.selectionEnd, area.selectionDirection];
    const scroll = area.scrollTop;
    this.shown = this.text.toString();
    area.value = this.shown;
    if (focused) area.setSelectionRange(shiftIndex(start, delta), shiftIndex(end, delta), dir ?? 'none');
    area.scrollTop = scroll;
  }

  private onInput(): void {
    if (this.composing) return;
    this.push();
  }

  /** Apply what the person typed to the shared text. */
  private push(): void {
    const area = this.area;
    const text = this.text;
    if (!area || !text || !this.sync || this.readonly) return;
    let splice = spliceBetween(this.shown, area.value, area.selectionEnd);
    if (!splice) return;
    // Others' edits that came in while composing: move the splice past them.
    for (const delta of this.deferred) {
      const end = shiftIndex(splice.index + splice.remove, delta);
      const index = shiftIndex(splice.index, delta);
      splice = { ...splice, index, remove: Math.max(0, end - index) };
    }
    const hadDeferred = this.deferred.length > 0;
    this.deferred = [];
    const pieces = chunksOf(splice.insert, CHUNK);
    const doc = this.sync.doc;
    const { index, remove } = splice;
    doc.transact(() => {
      if (remove) text.delete(index, remove);
      if (pieces[0]) text.insert(index, pieces[0]);
    }, this);
    let at = index + (pieces[0]?.length ?? 0);
    for (const piece of pieces.slice(1)) {
      doc.transact(() => text.insert(at, piece), this);
      at += piece.length;
    }
    this.shown = text.toString();
    if (hadDeferred || this.shown !== area.value) {
      // The textarea missed others' changes: show the merged text, caret after what was typed.
      area.value = this.shown;
      area.setSelectionRange(at, at);
    }
  }

  private onFocus(): void {
    this.sync?.focus(this.field);
  }

  private onBlur(): void {
    this.sync?.focus(null);
  }

  override render() {
    const id = this.idBase;
    const described = [this.hint ? `${id}-hint` : '', this.presenceText ? `${id}-here` : ''].filter(Boolean).join(' ');
    return html`<div class="collab-field" data-field=${this.field}>
      <label for=${id}>${this.label}</label>
      ${this.hint ? html`<p class="hint" id="${id}-hint">${this.hint}</p>` : nothing}
      <p class="collab-field__here" id="${id}-here" ?hidden=${!this.presenceText}>${this.presenceText}</p>
      <textarea id=${id} rows="6" maxlength=${this.maxlength} ?readonly=${this.readonly} lang=${this.inputLang ?? nothing}
        aria-describedby=${described || nothing}
        @input=${this.onInput} @focus=${this.onFocus} @blur=${this.onBlur}
        @compositionstart=${() => (this.composing = true)}
        @compositionend=${() => {
          this.composing = false;
          this.push();
        }}></textarea>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-collab-field': MesaCollabField;
  }
}
