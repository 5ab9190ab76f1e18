// Pure helpers for editing a ballot in the browser; the server validates the same rules.
import type { Ballot, Method, Round } from './rounds-api.ts';

export type CriteriaBallot = { scores: Record<string, Record<string, number>> };
export type DotsBallot = { dots: Record<string, number> };
export type RankingBallot = { ranking: string[] };
export type PollBallot = { option: string };

export const SCALE = [1, 2, 3, 4, 5] as const;

/** The ballot a participant starts from (or the saved one when it fits the method). */
export function startBallot(method: Method, saved: Ballot | null): Ballot | null {
  if (method === 'criteria') return saved && 'scores' in saved ? saved : { scores: {} };
  if (method === 'dots') return saved && 'dots' in saved ? saved : { dots: {} };
  if (method === 'ranking') return saved && 'ranking' in saved ? saved : { ranking: [] };
  if (method === 'poll') return saved && 'option' in saved ? saved : null;
  return null;
}

export function withScore(b: CriteriaBallot, proposalId: string, criterion: string, value: number): CriteriaBallot {
  return { scores: { ...b.scores, [proposalId]: { ...(b.scores[proposalId] ?? {}), [criterion]: value } } };
}

/** A proposal counts as scored once every criterion has a value. */
export function isScored(b: CriteriaBallot, proposalId: string, criteria: readonly { key: string }[]): boolean {
  const s = b.scores[proposalId];
  return !!s && criteria.every((c) => typeof s[c.key] === 'number');
}

export function dotsUsed(b: DotsBallot): number {
  return Object.values(b.dots).reduce((sum, n) => sum + n, 0);
}

/** Adds `delta` dots to a proposal within the round's limits; returns the same ballot when nothing changes. */
export function withDots(b: DotsBallot, round: Pick<Round, 'dotsPerParticipant' | 'maxDotsPerItem'>, proposalId: string, delta: number): DotsBallot {
  const now = b.dots[proposalId] ?? 0;
  const left = round.dotsPerParticipant - dotsUsed(b);
  const next = Math.max(0, Math.min(round.maxDotsPerItem, now + Math.min(delta, left)));
  if (next === now) return b;
  const dots = { ...b.dots };
  if (next === 0) delete dots[proposalId];
  else dots[proposalId] = next;
  return { dots };
}

export function moved(ranking: readonly string[], id: string, by: -1 | 1): string[] {
  const i = ranking.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= ranking.length) return [...ranking];
  const out = [...ranking];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** How far along the participant is, as "done of total". */
export function progress(round: Round, ballot: Ballot | null, compared: number): { done: number; total: number } {
  const total = round.items.length;
  if (!ballot) return { done: round.method === 'pairwise' ? compared : 0, total: round.method === 'poll' ? 1 : total };
  if ('scores' in ballot) return { done: round.items.filter((id) => isScored(ballot, id, round.criteria)).length, total };
  if ('dots' in ballot) return { done: dotsUsed(ballot), total: round.dotsPerParticipant };
  if ('ranking' in ballot) return { done: ballot.ranking.length, total: Math.min(round.maxRanked, total) };
  return { done: 1, total: 1 };
}

/** Where an error path of a ballot (`scores.<id>.<criterion>`, `dots.<id>`, `ranking.2`) points: the proposal id, or '' for the whole ballot. */
export function proposalOfPath(path: string, ballot: Ballot | null): string {
  const [head, second] = path.replace(/^ballot\./, '').split('.');
  if (!second) return '';
  if (head === 'ranking' && ballot && 'ranking' in ballot) return ballot.ranking[Number(second)] ?? '';
  return head === 'scores' || head === 'dots' ? second : '';
}

/** Pairs for a pairwise round, in a stable shuffled order (seeded by the round's published seed). */
export function pairsOf(items: readonly string[], seed: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) pairs.push([items[i]!, items[j]!]);
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const rand = () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs;
}
