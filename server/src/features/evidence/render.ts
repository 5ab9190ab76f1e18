/** The evidence report as one printable, accessible HTML page (?format=html): figures, SVG bar charts with their data tables, the checklist. */
import type { EvidenceReport, Locale } from '@mesa/shared';
import { translator } from '../../plugins/i18n.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const e = escapeHtml;

/**
 * The page's only styles, inline so that the page prints and saves as one file; the route allows
 * exactly this text by its hash (allowInlineStyle), so the CSP still refuses any other inline style.
 */
export const EVIDENCE_CSS = `
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left}
.met .status{color:#1b5e20}.not-met .status{color:#8b1a1a}.not-yet .status{color:#5a4a00}
a{color:#0b4f8a}a:focus,a:hover{outline:2px solid #0b4f8a}.gap{border-left:4px solid #8b1a1a;padding-left:.5rem}
figure{margin:1rem 0}figure svg{max-width:560px}@media print{a{color:#000}}
`;

/** A horizontal bar chart: the SVG is described by its caption, and the same figures follow as a table. */
function barChart(id: string, caption: string, data: Record<string, number>, label: (k: string) => string, headers: [string, string]): string {
  const entries = Object.entries(data);
  if (entries.length === 0) return '';
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rowH = 28;
  const bars = entries.map(([k, n], i) => {
    const w = Math.round((n / max) * 300);
    const y = i * rowH;
    return `<text x="0" y="${y + 18}" font-size="13">${e(label(k))}</text><rect x="190" y="${y + 5}" width="${Math.max(w, 1)}" height="18" fill="#1f5f8b"></rect><text x="${196 + w}" y="${y + 18}" font-size="13">${n}</text>`;
  }).join('');
  const rows = entries.map(([k, n]) => `<tr><th scope="row">${e(label(k))}</th><td>${n}</td></tr>`).join('');
  return `<figure><svg id="${id}" role="img" aria-labelledby="${id}-cap" viewBox="0 0 560 ${entries.length * rowH}" width="100%">${bars}</svg>
<figcaption id="${id}-cap">${e(caption)}</figcaption>
<table><thead><tr><th scope="col">${e(headers[0])}</th><th scope="col">${e(headers[1])}</th></tr></thead><tbody>${rows}</tbody></table></figure>`;
}

export function renderEvidenceHtml(r: EvidenceReport, lang: Locale): string {
  const t = translator(lang);
  const k = (key: string, opts: Record<string, unknown> = {}) => e(String(t(`evidence:${key}`, opts as never)));
  const sector = (s: string) => String(t(`evidence:sectors.${s}`, { defaultValue: s }));
  const percent = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x));
  const date = (s: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(s));
  const countCols: [string, string] = [String(t('evidence:chart.category')), String(t('evidence:chart.count'))];

  const standards = r.standards.map((s) => `<li class="std ${s.status}"><strong>${k(`standards.names.${s.key}`)}</strong>: <span class="status">${k(`standards.status.${s.status}`)}</span>
<p>${k(`standards.reasons.${s.reason}`, s.params)}</p>
<p>${k('standards.evidence')}: ${s.evidence.map((u) => `<a href="${e(u)}">${e(u)}</a>`).join(', ')}</p></li>`).join('');

  const meetings = r.meetings.public.map((m) => `<tr><td>${e(date(m.heldOn))}</td><td>${e(m.title)}</td><td>${k(`meetingKinds.${m.kind}`)}</td><td>${m.attendanceTotal}</td><td>${m.minutesUrl ? `<a href="${e(m.minutesUrl)}">${k('meetings.minutes')}</a>` : k('meetings.noMinutes')}</td></tr>`).join('');
  const workshops = r.meetings.workshops.map((w) => `<tr><td>${e(date(w.startsAt))}</td><td><a href="${e(w.url)}">${e(w.title)}</a></td><td>${k('meetingKinds.workshop')}</td><td>${w.attendance}</td><td></td></tr>`).join('');
  const timeline = r.timeline.map((x) => `<li><time datetime="${e(x.at)}">${e(date(x.at))}</time> ${k(`timeline.actions.${x.action}`, { phase: x.kind ? t(`evidence:phases.${x.kind}`) : '' })}${x.outsideSchedule ? ` (${k('timeline.outside')})` : ''}</li>`).join('');

  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${k('title')} — ${e(r.process.title)}</title>
<style>${EVIDENCE_CSS}</style></head><body>
<main>
<h1>${k('title')}</h1>
<p>${k('intro', { process: r.process.title, date: date(r.generatedAt) })}</p>
<section aria-labelledby="h-standards"><h2 id="h-standards">${k('standards.heading')}</h2><ul>${standards}</ul></section>
<section aria-labelledby="h-notice"><h2 id="h-notice">${k('notice.heading')}</h2>
<p>${r.noticeDays === null ? k('notice.none') : k('notice.days', { count: r.noticeDays })}</p></section>
<section aria-labelledby="h-inputs"><h2 id="h-inputs">${k('inputs.heading')}</h2>
<p>${k('inputs.total', { count: r.inputs.total })} ${k('inputs.split', { proposals: r.inputs.proposals, comments: r.inputs.consultationComments })}</p>
${r.inputs.reported !== null ? `<p>${k('inputs.reported', { count: r.inputs.reported })} ${k('inputs.sum', { count: r.inputs.sumBySector })}</p>` : ''}
${r.inputs.gap !== null ? `<p class="gap" role="note">${k('inputs.gap', { count: Math.abs(r.inputs.gap), reported: r.inputs.reported, sum: r.inputs.sumBySector })}${r.inputs.reportedNote ? ` ${e(r.inputs.reportedNote)}` : ''}</p>` : ''}
${barChart('chart-inputs', String(t('evidence:inputs.bySector')), r.inputs.bySector, sector, countCols)}</section>
<section aria-labelledby="h-participants"><h2 id="h-participants">${k('participants.heading')}</h2>
<p>${k('participants.total', { count: r.participants.total })}</p>
${barChart('chart-participants', String(t('evidence:participants.bySector')), r.participants.bySector, sector, countCols)}
${barChart('chart-gender', String(t('evidence:participants.byGender')), r.participants.byGender, (g) => String(t(`evidence:genders.${g}`, { defaultValue: g })), countCols)}
${barChart('chart-disability', String(t('evidence:participants.byDisability')), r.participants.byDisability, (g) => String(t(`evidence:disability.${g}`, { defaultValue: g })), countCols)}
<p>${k('participants.smallGroups')}</p></section>
<section aria-labelledby="h-orgs"><h2 id="h-orgs">${k('organisations.heading')}</h2><p>${k('organisations.count', { count: r.organisations.count })}</p>
${r.organisations.names.length ? `<ul>${r.organisations.names.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}</section>
<section aria-labelledby="h-meetings" id="meetings"><h2 id="h-meetings">${k('meetings.heading')}</h2>
<p>${k('meetings.count', { count: r.meetings.count })} ${k('meetings.attendance', { count: r.meetings.attendance })}</p>
${meetings || workshops ? `<table><thead><tr><th scope="col">${k('meetings.date')}</th><th scope="col">${k('meetings.title')}</th><th scope="col">${k('meetings.kind')}</th><th scope="col">${k('meetings.people')}</th><th scope="col">${k('meetings.minutes')}</th></tr></thead><tbody>${workshops}${meetings}</tbody></table>` : ''}</section>
<section aria-labelledby="h-responses" id="responses"><h2 id="h-responses">${k('responses.heading')}</h2>
<p>${k('consultation.comments', { count: r.consultation.comments })}</p>
<p>${r.reasonedResponseShare === null ? k('responses.none') : k('responses.share', { percent: percent(r.reasonedResponseShare), answered: r.responses.answered, of: r.responses.of })}</p>
<p>${k('commitments.count', { count: r.commitments.count })} ${e(r.commitments.references.join(', '))}</p></section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${k('timeline.heading')}</h2><ol>${timeline}</ol></section>
</main></body></html>`;
}
