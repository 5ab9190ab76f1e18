/** Checks a ballot against its round: every problem named by its path, nothing partially accepted. */
import { SCALE, type Ballot, type Comparison, type RoundSettings } from './types.ts';

export interface BallotError { path: string; message: string }

/** The errors of `ballot` for this round (empty when it is valid). */
export function validateBallot(settings: RoundSettings, ballot: Ballot): BallotError[] {
  const items = new Set(settings.items);
  const errors: BallotError[] = [];
  const unknown = (path: string, id: string) => { if (!items.has(id)) errors.push({ path, message: 'not an item of this round' }); };
  switch (settings.method) {
    case 'criteria': {
      if (!('scores' in ballot)) return [{ path: 'scores', message: 'a criteria ballot has scores' }];
      const keys = new Set(settings.criteria.map((c) => c.key));
      for (const [id, byCriterion] of Object.entries(ballot.scores)) {
        unknown(`scores.${id}`, id);
        for (const [key, value] of Object.entries(byCriterion)) {
          if (!keys.has(key)) errors.push({ path: `scores.${id}.${key}`, message: 'not a criterion of this round' });
          else if (!Number.isInteger(value) || value < SCALE.min || value > SCALE.max) errors.push({ path: `scores.${id}.${key}`, message: `a whole number from ${SCALE.min} to ${SCALE.max}` });
        }
      }
      return errors;
    }
    case 'dots': {
      if (!('dots' in ballot)) return [{ path: 'dots', message: 'a dots ballot has dots' }];
      let total = 0;
      for (const [id, n] of Object.entries(ballot.dots)) {
        unknown(`dots.${id}`, id);
        if (!Number.isInteger(n) || n < 0 || n > settings.maxDotsPerItem) errors.push({ path: `dots.${id}`, message: `0 to ${settings.maxDotsPerItem} dots per item` });
        else total += n;
      }
      if (total > settings.dotsPerParticipant) errors.push({ path: 'dots', message: `at most ${settings.dotsPerParticipant} dots in all` });
      return errors;
    }
    case 'ranking': {
      if (!('ranking' in ballot)) return [{ path: 'ranking', message: 'a ranking ballot has a ranking' }];
      if (ballot.ranking.length > settings.maxRanked) errors.push({ path: 'ranking', message: `at most ${settings.maxRanked} items` });
      const seen = new Set<string>();
      ballot.ranking.forEach((id, i) => {
        unknown(`ranking.${i}`, id);
        if (seen.has(id)) errors.push({ path: `ranking.${i}`, message: 'ranked twice' });
        seen.add(id);
      });
      return errors;
    }
    case 'poll':
      if (!('option' in ballot)) return [{ path: 'option', message: 'a poll ballot has an option' }];
      unknown('option', ballot.option);
      return errors;
    case 'pairwise':
      return [{ path: 'ballot', message: 'pairwise rounds take comparisons, not ballots' }];
  }
}

export function validateComparison(settings: RoundSettings, c: Comparison): BallotError[] {
  if (settings.method !== 'pairwise') return [{ path: 'method', message: 'only pairwise rounds take comparisons' }];
  const [a, b] = 'skip' in c ? c.skip : [c.winnerId, c.loserId];
  const errors: BallotError[] = [];
  const items = new Set(settings.items);
  const names = 'skip' in c ? ['skip.0', 'skip.1'] : ['winnerId', 'loserId'];
  if (!items.has(a)) errors.push({ path: names[0]!, message: 'not an item of this round' });
  if (!items.has(b)) errors.push({ path: names[1]!, message: 'not an item of this round' });
  if (a === b) errors.push({ path: names[1]!, message: 'compare two different items' });
  return errors;
}
