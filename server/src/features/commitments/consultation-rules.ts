/** Pure rules of the public consultation: when it takes comments, word counts of a diff, shares. */

/** Why a commitment takes no consultation comments or stances now (a problem detail key), or null. */
export function consultationClosedReason(c: { state: string; closesAt: Date | string | null }, now: Date): string | null {
  if (c.state !== 'in-consultation') return 'consultation-not-open';
  if (c.closesAt !== null && new Date(c.closesAt).getTime() <= now.getTime()) return 'consultation-closed';
  return null;
}

/** Words inserted and deleted in a word diff (whitespace does not count). */
export function wordCounts(parts: { value: string; added: boolean; removed: boolean }[]): { insertedWords: number; deletedWords: number } {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let insertedWords = 0;
  let deletedWords = 0;
  for (const p of parts) {
    if (p.added) insertedWords += words(p.value);
    else if (p.removed) deletedWords += words(p.value);
  }
  return { insertedWords, deletedWords };
}

/** answered / total, 0..1 with two decimals (0 when there is nothing to answer). */
export function share(answered: number, total: number): number {
  return total === 0 ? 0 : Math.round((answered / total) * 100) / 100;
}
