/**
 * Pure rules of public tracking: a commitment's progress from its milestones, which milestones
 * are late or due, whether an update is coherent, and the Atom feed's text.
 */
import type { FieldError } from '../../plugins/problems.ts';

const DAY = 86_400_000;
/** Milestones ending within this many days are "due". */
export const DUE_WITHIN_DAYS = 30;

export interface MilestoneDates { startsOn: string | null; endsOn: string | null; progress: number }

/** Inclusive length in days of a dated milestone, or null when a date is missing or they are reversed. */
export function durationDays(m: { startsOn: string | null; endsOn: string | null }): number | null {
  if (!m.startsOn || !m.endsOn) return null;
  const d = (Date.parse(m.endsOn) - Date.parse(m.startsOn)) / DAY + 1;
  return Number.isFinite(d) && d >= 1 ? d : null;
}

/**
 * A commitment's progress: the mean of its milestones' progress weighted by each milestone's
 * duration in days (start and end inclusive), so a year-long milestone counts twelve times a
 * month-long one. A milestone without both dates weighs as much as the average dated milestone
 * (all weigh 1 when none is dated). Rounded to one decimal; null without milestones.
 */
export function commitmentProgress(milestones: MilestoneDates[]): number | null {
  if (milestones.length === 0) return null;
  const durations = milestones.map(durationDays);
  const dated = durations.filter((d): d is number => d !== null);
  const fallback = dated.length ? dated.reduce((a, b) => a + b, 0) / dated.length : 1;
  let weighted = 0;
  let total = 0;
  milestones.forEach((m, i) => {
    const w = durations[i] ?? fallback;
    weighted += w * m.progress;
    total += w;
  });
  return Math.round((weighted / total) * 10) / 10;
}

/** The day as YYYY-MM-DD (UTC). */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function timing(m: { endsOn: string | null; status: string }, today: Date) {
  if (!m.endsOn || m.status === 'completed') return { late: false, dueSoon: false, daysLate: 0 };
  const t = dayOf(today);
  const horizon = dayOf(new Date(today.getTime() + DUE_WITHIN_DAYS * DAY));
  const late = m.endsOn < t;
  return { late, dueSoon: !late && m.endsOn <= horizon, daysLate: late ? Math.round((Date.parse(t) - Date.parse(m.endsOn)) / DAY) : 0 };
}

/** Whether status and progress tell the same story; the errors name the field (under `prefix`). */
export function updateProblems(u: { status: string; progress: number }, prefix = 'body'): FieldError[] {
  if (u.status === 'completed' && u.progress !== 100) return [{ path: `${prefix}.progress`, message: 'a completed milestone is at 100%' }];
  if (u.status === 'not-started' && u.progress !== 0) return [{ path: `${prefix}.progress`, message: 'a milestone not started is at 0%' }];
  if (u.status !== 'completed' && u.progress === 100) return [{ path: `${prefix}.status`, message: 'a milestone at 100% is completed' }];
  return [];
}

/** Text safe inside XML elements and attributes. */
export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  return s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface FeedEntry { id: string; title: string; updated: string; summary: string; link: string; author: string | null }

/** An Atom 1.0 document (RFC 4287). */
export function atomFeed(f: { id: string; title: string; selfUrl: string; pageUrl: string; updated: string; entries: FeedEntry[] }): string {
  const x = escapeXml;
  const entries = f.entries.map((e) => `  <entry>
    <id>${x(e.id)}</id>
    <title>${x(e.title)}</title>
    <updated>${x(e.updated)}</updated>
    <link rel="alternate" type="text/html" href="${x(e.link)}"/>
${e.author ? `    <author><name>${x(e.author)}</name></author>\n` : ''}    <summary type="text">${x(e.summary)}</summary>
  </entry>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${x(f.id)}</id>
  <title>${x(f.title)}</title>
  <updated>${x(f.updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${x(f.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${x(f.pageUrl)}"/>
  <author><name>Mesa</name></author>
${entries}
</feed>
`;
}
