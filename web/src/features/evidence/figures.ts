import { html, nothing } from 'lit';
import '../../ui/mesa-bar-chart.ts';

/** A bar chart (an image with its text alternative) followed by the same figures as a table. */
export function chartWithTable(o: { id: string; caption: string; data: Record<string, number>; label: (k: string) => string; headers: [string, string]; format?: (n: number) => string }) {
  const entries = Object.entries(o.data);
  if (entries.length === 0) return nothing;
  const fmt = o.format ?? String;
  const bars = entries.map(([k, n]) => ({ id: k, label: o.label(k), value: n, valueText: fmt(n) }));
  return html`<div class="evidence-chart" id=${o.id}>
    <h3>${o.caption}</h3>
    <mesa-bar-chart .bars=${bars} .name=${o.caption}></mesa-bar-chart>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${o.caption}><table class="table">
      <caption class="visually-hidden">${o.caption}</caption>
      <thead><tr><th scope="col">${o.headers[0]}</th><th scope="col">${o.headers[1]}</th></tr></thead>
      <tbody>${entries.map(([k, n]) => html`<tr><th scope="row">${o.label(k)}</th><td>${fmt(n)}</td></tr>`)}</tbody>
    </table></div>
  </div>`;
}
