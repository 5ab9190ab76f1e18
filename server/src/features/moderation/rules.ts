/** Pure rules for moderation: when reports hide content, and how the review queue reads. */

/** Whether this report makes the target hidden pending review (it crosses the threshold now). */
export function shouldAutoHide(r: { openReporters: number; threshold: number; hidden: boolean }): boolean {
  return !r.hidden && r.openReporters >= r.threshold;
}

/** The start of a text for the queue, on one line, cut at a word when longer than `max`. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

export interface QueueEntry { reportsCount: number; lastReportedAt: string }

/** Most reported first; among equals, the most recently reported first. */
export function queueOrder(a: QueueEntry, b: QueueEntry): number {
  return b.reportsCount - a.reportsCount || Date.parse(b.lastReportedAt) - Date.parse(a.lastReportedAt);
}

/** `{reason: count}` from grouped rows. */
export function tallyReasons(rows: readonly { reason: string; n: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.reason] = (out[r.reason] ?? 0) + Number(r.n);
  return out;
}
