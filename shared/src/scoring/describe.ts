/** A plain-language statement of how a round counts, published with its results. */
import type { RoundSettings } from './types.ts';

export function describeMethod(s: RoundSettings): string {
  const ties = 'Equal scores share a rank (1, 2, 2, 4)';
  const balance = s.equalSectorWeight ? ' Each stakeholder sector weighs the same, whatever its number of members: every participant counts 1 / n, n being the number of participants of their sector, so sums are sums of sector means.' : '';
  switch (s.method) {
    case 'criteria':
      return `Each participant scores proposals from 1 to 5 on ${s.criteria.map((c) => `${c.key} (weight ${c.weight})`).join(', ')}. A proposal's score is the weighted mean of its criterion means; a criterion left blank is an abstention, not a zero; an unscored proposal scores 0. ${ties}; within a tie, proposals scored by more participants come first, then the published seed "${s.seed}" decides.${balance}`;
    case 'dots':
      return `Each participant places up to ${s.dotsPerParticipant} dots, at most ${s.maxDotsPerItem} on one proposal. A proposal's score is its number of dots. ${ties}; within a tie, proposals dotted by more participants come first, then the published seed "${s.seed}" decides.${balance}`;
    case 'ranking':
      return `Each participant orders up to ${s.maxRanked} proposals. Borda count: position p earns ${s.maxRanked} − p + 1 points, unranked proposals 0. ${ties}; within a tie, proposals with more first preferences come first, then the published seed "${s.seed}" decides.${balance}`;
    case 'pairwise':
      return `Participants repeatedly choose between two proposals, or skip. A proposal's score is (wins + 1) / (wins + losses + 2) × 100, so a proposal never compared scores 50 and skips count for nothing. ${ties}; within a tie, proposals compared by more participants come first, then the published seed "${s.seed}" decides.${balance}`;
    case 'poll':
      return `Each participant picks one option. An option's score is its number of votes. ${ties}; the published seed "${s.seed}" orders what is still tied.${balance}`;
  }
}
