import { html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import qrcode from 'qrcode-generator';
import { LightElement } from './light-element.ts';

/** A QR code drawn here, in SVG (no outside service sees the link); an image whose text alternative is given. */
@customElement('mesa-qr-code')
export class MesaQrCode extends LightElement {
  @property() value = '';
  @property() alt = '';

  override render() {
    if (!this.value) return nothing;
    const qr = qrcode(0, 'M');
    qr.addData(this.value);
    qr.make();
    const n = qr.getModuleCount();
    const quiet = 4;
    let d = '';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
    const size = n + quiet * 2;
    return html`<svg class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label=${this.alt} shape-rendering="crispEdges">
      ${svg`<rect width=${size} height=${size} fill="#ffffff" /><path d=${d} fill="#000000" />`}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-qr-code': MesaQrCode;
  }
}
