import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { LightElement } from '../../ui/light-element.ts';
import type { Diff } from './commitments-api.ts';

/** Counts of inserted and deleted words in a diff, for its summary line. */
export function diffCounts(parts: Diff['parts']): { added: number; removed: number } {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.added) added += words(p.value);
    else if (p.removed) removed += words(p.value);
  }
  return { added, removed };
}

/**
 * A per-field word diff: insertions in <ins>, deletions in <del>, each with a spoken
 * "inserted"/"deleted" prefix (screen readers do not announce the elements themselves) and a
 * marker that does not rely on colour alone.
 */
@customElement('mesa-word-diff')
export class MesaWordDiff extends LightElement {
  @property({ attribute: false }) items: Diff[] = [];
  /** The heading of each field, by its key. */
  @property({ attribute: false }) labelOf: (field: string) => string = (f) => f;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  override render() {
    const { t } = this.i18n;
    if (!this.items.length) return html`<p class="muted" role="status">${t('commitments:versions.noDifference')}</p>`;
    return html`<div class="word-diff">
      ${this.items.map((d) => {
        const counts = diffCounts(d.parts);
        return html`<section class="word-diff__field" data-field=${d.field}>
          <h3>${this.labelOf(d.field)}</h3>
          <p class="hint">${t('commitments:versions.counts', { added: counts.added, removed: counts.removed })}</p>
          <p class="word-diff__text">${d.parts.map((p) =>
            p.added
              ? html`<ins><span class="visually-hidden">${t('commitments:versions.inserted')} </span>${p.value}<span class="visually-hidden"> ${t('commitments:versions.end')}</span></ins>`
              : p.removed
                ? html`<del><span class="visually-hidden">${t('commitments:versions.deleted')} </span>${p.value}<span class="visually-hidden"> ${t('commitments:versions.end')}</span></del>`
                : p.value || nothing,
          )}</p>
        </section>`;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-word-diff': MesaWordDiff;
  }
}
