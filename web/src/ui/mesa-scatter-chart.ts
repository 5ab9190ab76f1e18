import { html, svg, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LightElement } from './light-element.ts';

export interface ScatterPoint {
  id: string;
  /** Short label drawn next to the point (e.g. a reference). */
  label: string;
  x: number;
  y: number;
}

/**
 * A scatter chart in inline SVG (e.g. feasibility × impact on a 1–5 scale), with the midlines
 * that split it into quadrants. It is an image with a text alternative: the data itself is in
 * the table the page shows beside it, which `describedBy` names.
 */
@customElement('mesa-scatter-chart')
export class MesaScatterChart extends LightElement {
  @property({ attribute: false }) points: ScatterPoint[] = [];
  @property() xLabel = '';
  @property() yLabel = '';
  /** The text alternative (what the chart shows, in one or two sentences). */
  @property() alt = '';
  /** Quadrant names, clockwise from the top right. */
  @property({ attribute: false }) quadrants: [string, string, string, string] | null = null;
  @property({ type: Number }) min = 1;
  @property({ type: Number }) max = 5;

  override render() {
    const W = 480;
    const H = 400;
    const pad = { l: 56, r: 16, t: 16, b: 52 };
    const span = this.max - this.min || 1;
    const sx = (v: number) => pad.l + ((v - this.min) / span) * (W - pad.l - pad.r);
    const sy = (v: number) => H - pad.b - ((v - this.min) / span) * (H - pad.t - pad.b);
    const mid = (this.min + this.max) / 2;
    const ticks = Array.from({ length: Math.floor(span) + 1 }, (_, i) => this.min + i);
    const q = this.quadrants;
    return html`<figure class="chart chart--scatter">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.alt} preserveAspectRatio="xMidYMid meet">
        ${svg`
          <rect x=${pad.l} y=${pad.t} width=${W - pad.l - pad.r} height=${H - pad.t - pad.b} fill="#ffffff" stroke="#6b7280" />
          ${ticks.map((v) => svg`
            <line x1=${sx(v)} x2=${sx(v)} y1=${pad.t} y2=${H - pad.b} stroke="#e5e7eb" />
            <line x1=${pad.l} x2=${W - pad.r} y1=${sy(v)} y2=${sy(v)} stroke="#e5e7eb" />
            <text x=${sx(v)} y=${H - pad.b + 18} text-anchor="middle" font-size="13" fill="#374151">${v}</text>
            <text x=${pad.l - 10} y=${sy(v) + 4} text-anchor="end" font-size="13" fill="#374151">${v}</text>`)}
          <line x1=${sx(mid)} x2=${sx(mid)} y1=${pad.t} y2=${H - pad.b} stroke="#6b7280" stroke-dasharray="4 4" />
          <line x1=${pad.l} x2=${W - pad.r} y1=${sy(mid)} y2=${sy(mid)} stroke="#6b7280" stroke-dasharray="4 4" />
          ${q ? svg`
            <text x=${W - pad.r - 6} y=${pad.t + 16} text-anchor="end" font-size="12" fill="#166534" font-weight="700">${q[0]}</text>
            <text x=${W - pad.r - 6} y=${H - pad.b - 8} text-anchor="end" font-size="12" fill="#4b5563" font-weight="700">${q[1]}</text>
            <text x=${pad.l + 6} y=${H - pad.b - 8} font-size="12" fill="#4b5563" font-weight="700">${q[2]}</text>
            <text x=${pad.l + 6} y=${pad.t + 16} font-size="12" fill="#1e3a8a" font-weight="700">${q[3]}</text>` : nothing}
          <text x=${(pad.l + W - pad.r) / 2} y=${H - 10} text-anchor="middle" font-size="14" font-weight="600" fill="#111827">${this.xLabel}</text>
          <text transform="translate(16 ${(pad.t + H - pad.b) / 2}) rotate(-90)" text-anchor="middle" font-size="14" font-weight="600" fill="#111827">${this.yLabel}</text>
          ${this.points.map((p) => svg`
            <circle cx=${sx(p.x)} cy=${sy(p.y)} r="6" fill="#1d4ed8" fill-opacity="0.8" stroke="#ffffff" stroke-width="1.5" />
            <text x=${p.x > mid ? sx(p.x) - 8 : sx(p.x) + 8} y=${p.y > mid ? sy(p.y) + 18 : sy(p.y) - 8} text-anchor=${p.x > mid ? 'end' : 'start'} font-size="12" fill="#111827">${p.label}</text>`)}
        `}
      </svg>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-scatter-chart': MesaScatterChart;
  }
}
