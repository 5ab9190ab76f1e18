import { html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from './light-element.ts';

export interface Bar {
  id: string;
  label: string;
  value: number;
  /** The value as the reader should read it (e.g. "12 dots"). */
  valueText: string;
}

/**
 * Horizontal bars in inline SVG, largest first, labels above each bar so that long titles fit on
 * a phone or a projector. An image with a text alternative (every bar's label and value).
 */
@customElement('mesa-bar-chart')
export class MesaBarChart extends LightElement {
  @property({ attribute: false }) bars: Bar[] = [];
  /** A short name for the chart, read before the values. */
  @property() name = '';
  /** Text size in SVG units (larger on the projector). */
  @property({ type: Number }) size = 16;

  override render() {
    const W = 600;
    const row = this.size * 3.2;
    const H = Math.max(row, this.bars.length * row);
    const max = Math.max(1, ...this.bars.map((b) => b.value));
    const alt = [this.name, ...this.bars.map((b) => `${b.label}: ${b.valueText}`)].filter(Boolean).join('; ');
    const cut = (s: string) => (s.length > 70 ? `${s.slice(0, 68)}…` : s);
    return html`<figure class="chart chart--bars">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${alt} preserveAspectRatio="xMinYMin meet">
        ${this.bars.map((b, i) => {
          const y = i * row;
          const w = Math.max(2, (b.value / max) * (W - 120));
          return svg`
            <text x="0" y=${y + this.size} font-size=${this.size} fill="#111827">${cut(b.label)}</text>
            <rect x="0" y=${y + this.size * 1.35} width=${w} height=${this.size * 1.3} rx="3" fill="#1d4ed8" />
            <text x=${w + 8} y=${y + this.size * 2.35} font-size=${this.size} font-weight="700" fill="#111827">${b.valueText}</text>`;
        })}
      </svg>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-bar-chart': MesaBarChart;
  }
}
