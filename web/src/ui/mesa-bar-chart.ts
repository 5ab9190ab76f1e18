import { html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
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
  /** Drawn at the width it is shown at, so that text keeps its size on a phone and on a projector. */
  @state() private width = 0;
  private readonly resize = new ResizeObserver(() => {
    const w = Math.round(this.clientWidth);
    if (w && Math.abs(w - this.width) > 4) this.width = w;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  override render() {
    const W = this.width || 600;
    const size = this.size;
    const max = Math.max(1, ...this.bars.map((b) => b.value));
    const alt = [this.name, ...this.bars.map((b) => `${b.label}: ${b.valueText}`)].filter(Boolean).join('; ');
    // Labels wrap onto two lines at word boundaries; what still does not fit ends with "…".
    const room = Math.max(16, Math.floor(W / (size * 0.56)));
    const wrap = (text: string): string[] => {
      const lines: string[] = [];
      let line = '';
      for (const word of text.split(/\s+/)) {
        if (!line) line = word;
        else if (line.length + 1 + word.length <= room) line += ` ${word}`;
        else {
          lines.push(line);
          line = word;
        }
      }
      if (line) lines.push(line);
      const kept = lines.slice(0, 2).map((l) => (l.length > room ? `${l.slice(0, room - 1)}…` : l));
      if (lines.length > 2) kept[1] = `${kept[1]!.slice(0, room - 1)}…`;
      return kept;
    };
    let y = 0;
    const rows = this.bars.map((b) => {
      const lines = wrap(b.label);
      const top = y;
      y += size * (lines.length * 1.25 + 2.2);
      return { b, lines, top };
    });
    const H = Math.max(size * 3, y);
    return html`<figure class="chart chart--bars">
      <svg viewBox="0 0 ${W} ${H}" width=${this.width || nothing} role="img" aria-label=${alt} preserveAspectRatio="xMinYMin meet">
        ${rows.map(({ b, lines, top }) => {
          const barY = top + size * (lines.length * 1.25 + 0.3);
          const w = Math.max(2, (b.value / max) * (W - size * 4));
          return svg`
            ${lines.map((l, i) => svg`<text x="0" y=${top + size * (1 + i * 1.25)} font-size=${size} fill="#111827">${l}</text>`)}
            <rect x="0" y=${barY} width=${w} height=${size * 1.3} rx="3" fill="#1d4ed8" />
            <text x=${w + 8} y=${barY + size * 1.0} font-size=${size} font-weight="700" fill="#111827">${b.valueText}</text>`;
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
