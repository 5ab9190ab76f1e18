/**
 * The scoring engine: one pure function from a round's settings and votes to its results, used
 * by prioritisation rounds and live workshops alike.
 *
 * How each method counts (also published with every round, see describeMethod):
 * - criteria: per proposal, the mean of each criterion over those who scored it (an abstention is
 *   not a zero), then the weighted mean of those means. Unscored: 0, listed last.
 * - dots: the sum of dots. ranking: Borda with M = maxRanked (position p earns M − p + 1,
 *   unranked 0). poll: votes. Nothing given: 0.
 * - pairwise: (wins + 1) / (wins + losses + 2) × 100; never compared: 50; skips count for nothing.
 * - Ties share a rank (1, 2, 2, 4). Within a tie, ranking lists by first preferences, the others
 *   by how many participants spoke to the item; what is still tied is ordered by a hash of the
 *   published seed and the item id.
 * - Equal sector weight: each participant counts 1 / n, n being the number of participants of their
 *   sector, so every sector weighs 1 in all: dots, ranking and poll scores become the sum of the
 *   sectors' means per member, pairwise wins and losses are counted in sector units, and no sector's
 *   influence grows with its size.
 */
import type { Sector } from '../taxonomy.ts';
import type { Comparison, Quadrant, ResultItem, Results, RoundSettings, Vote } from './types.ts';

interface Tally {
  score: Map<string, number>;
  ballots: Map<string, number>;
  extra: Map<string, Partial<ResultItem>>;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const sectorOf = (v: Vote): Sector => v.sector ?? 'resident';

/** FNV-1a: a small, stable hash, the same on server and browser. */
export function seededOrder(seed: string, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${id}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function weights(votes: Vote[], equal: boolean): Map<string, number> {
  const sizes = new Map<Sector, number>();
  for (const v of votes) sizes.set(sectorOf(v), (sizes.get(sectorOf(v)) ?? 0) + 1);
  return new Map(votes.map((v) => [v.participant, equal ? 1 / sizes.get(sectorOf(v))! : 1]));
}

function add(map: Map<string, number>, key: string, by: number) {
  map.set(key, (map.get(key) ?? 0) + by);
}

function quadrant(feasibility: number | undefined, impact: number | undefined): Quadrant | undefined {
  if (feasibility === undefined || impact === undefined) return undefined;
  if (impact >= 3) return feasibility >= 3 ? 'quick-win' : 'major-project';
  return feasibility >= 3 ? 'fill-in' : 'reconsider';
}

function criteria(s: RoundSettings, votes: Vote[], w: Map<string, number>): Tally {
  const t: Tally = { score: new Map(), ballots: new Map(), extra: new Map() };
  for (const item of s.items) {
    const means: Record<string, number> = {};
    let weighted = 0;
    let weightSum = 0;
    let ballots = 0;
    for (const c of s.criteria) {
      let sum = 0;
      let n = 0;
      for (const v of votes) {
        const x = v.ballot && 'scores' in v.ballot ? v.ballot.scores[item]?.[c.key] : undefined;
        if (x === undefined) continue;
        sum += w.get(v.participant)! * x;
        n += w.get(v.participant)!;
      }
      if (n === 0) continue;
      means[c.key] = round4(sum / n);
      weighted += c.weight * (sum / n);
      weightSum += c.weight;
    }
    for (const v of votes) if (v.ballot && 'scores' in v.ballot && Object.keys(v.ballot.scores[item] ?? {}).length) ballots++;
    t.score.set(item, weightSum ? weighted / weightSum : 0);
    t.ballots.set(item, ballots);
    t.extra.set(item, { criteria: means, quadrant: quadrant(means.feasibility, means.impact) });
  }
  return t;
}

function points(s: RoundSettings, votes: Vote[], w: Map<string, number>): Tally {
  const t: Tally = { score: new Map(), ballots: new Map(), extra: new Map() };
  const first = new Map<string, number>();
  for (const v of votes) {
    const b = v.ballot;
    if (!b) continue;
    const earned: [string, number][] =
      s.method === 'dots' && 'dots' in b ? Object.entries(b.dots)
        : s.method === 'ranking' && 'ranking' in b ? b.ranking.map((id, i) => [id, s.maxRanked - i])
          : s.method === 'poll' && 'option' in b ? [[b.option, 1]] : [];
    for (const [id, n] of earned) {
      if (n <= 0) continue;
      add(t.score, id, w.get(v.participant)! * n);
      add(t.ballots, id, 1);
    }
    if (s.method === 'ranking' && b && 'ranking' in b && b.ranking[0]) add(first, b.ranking[0], 1);
  }
  if (s.method === 'ranking') for (const item of s.items) t.extra.set(item, { firstPreferences: first.get(item) ?? 0 });
  return t;
}

function pairwise(s: RoundSettings, votes: Vote[], w: Map<string, number>): Tally {
  const t: Tally = { score: new Map(), ballots: new Map(), extra: new Map() };
  const [W, L, wins, losses] = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  for (const v of votes) {
    const spoke = new Set<string>();
    for (const c of v.comparisons ?? ([] as Comparison[])) {
      if ('skip' in c) continue;
      add(W, c.winnerId, w.get(v.participant)!);
      add(L, c.loserId, w.get(v.participant)!);
      add(wins, c.winnerId, 1);
      add(losses, c.loserId, 1);
      spoke.add(c.winnerId).add(c.loserId);
    }
    for (const id of spoke) add(t.ballots, id, 1);
  }
  for (const item of s.items) {
    const [won, lost] = [W.get(item) ?? 0, L.get(item) ?? 0];
    t.score.set(item, ((won + 1) / (won + lost + 2)) * 100);
    t.extra.set(item, { wins: wins.get(item) ?? 0, losses: losses.get(item) ?? 0 });
  }
  return t;
}

function tallyGroup(s: RoundSettings, votes: Vote[], equal: boolean): Tally {
  const w = weights(votes, equal);
  if (s.method === 'criteria') return criteria(s, votes, w);
  if (s.method === 'pairwise') return pairwise(s, votes, w);
  return points(s, votes, w);
}

/** The results of a round: score, shared rank and per-sector scores for every item. */
export function tally(settings: RoundSettings, given: Vote[]): Results {
  // Sums in a fixed order, so float rounding cannot depend on the order ballots arrived in.
  const votes = [...given].sort((a, b) => (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : 0));
  const overall = tallyGroup(settings, votes, settings.equalSectorWeight);
  const sectors = [...new Set(votes.map(sectorOf))].sort();
  const perSector = new Map(sectors.map((sec) => [sec, tallyGroup(settings, votes.filter((v) => sectorOf(v) === sec), false)]));

  const items: ResultItem[] = settings.items.map((id) => ({
    proposalId: id,
    score: round4(overall.score.get(id) ?? 0),
    rank: 0,
    ballots: overall.ballots.get(id) ?? 0,
    bySector: Object.fromEntries(sectors.map((sec) => [sec, round4(perSector.get(sec)!.score.get(id) ?? 0)])),
    ...overall.extra.get(id),
  }));
  const tieBreak = (x: ResultItem) => (settings.method === 'ranking' ? x.firstPreferences ?? 0 : x.ballots);
  items.sort((a, b) => b.score - a.score || tieBreak(b) - tieBreak(a) || seededOrder(settings.seed, a.proposalId) - seededOrder(settings.seed, b.proposalId));
  items.forEach((item, i) => { item.rank = i > 0 && item.score === items[i - 1]!.score ? items[i - 1]!.rank : i + 1; });

  const participantsBySector: Partial<Record<Sector, number>> = {};
  for (const v of votes) participantsBySector[sectorOf(v)] = (participantsBySector[sectorOf(v)] ?? 0) + 1;
  return { method: settings.method, participants: votes.length, participantsBySector, equalSectorWeight: settings.equalSectorWeight, seed: settings.seed, items };
}
