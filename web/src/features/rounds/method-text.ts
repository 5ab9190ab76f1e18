import type { Translate } from '../../contexts/i18n.ts';
import type { Round } from './rounds-api.ts';

const KNOWN_CRITERIA = new Set(['feasibility', 'impact', 'relevance', 'cost', 'urgency', 'reach']);

/** A criterion's name: translated when it is one we know, else its key in words. */
export function criterionLabel(t: Translate, key: string): string {
  if (KNOWN_CRITERIA.has(key)) return t(`rounds:criterion.${key}` as 'rounds:criterion.impact');
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The method of a round in the reader's language, with its limits and tie-breaks (the server publishes the same in English). */
export function describeRound(t: Translate, r: Pick<Round, 'method' | 'criteria' | 'dotsPerParticipant' | 'maxDotsPerItem' | 'maxRanked' | 'seed' | 'equalSectorWeight'>): string {
  const parts: string[] = [];
  switch (r.method) {
    case 'criteria':
      parts.push(t('rounds:describe.criteria', { criteria: r.criteria.map((c) => t('rounds:describe.criterionWeight', { name: criterionLabel(t, c.key), weight: c.weight })).join(', ') }));
      break;
    case 'dots':
      parts.push(t('rounds:describe.dots', { total: r.dotsPerParticipant, perItem: r.maxDotsPerItem }));
      break;
    case 'ranking':
      parts.push(t('rounds:describe.ranking', { max: r.maxRanked }));
      break;
    case 'pairwise':
      parts.push(t('rounds:describe.pairwise'));
      break;
    case 'poll':
      parts.push(t('rounds:describe.poll'));
      break;
  }
  parts.push(t('rounds:describe.ties', { seed: r.seed }));
  if (r.equalSectorWeight) parts.push(t('rounds:describe.equalSectors'));
  return parts.join(' ');
}
