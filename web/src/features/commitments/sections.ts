/** How the template's text fields are grouped into sections on the editor and the consultation page. */
import type { TextField } from './commitments-api.ts';

export const SECTION_GROUPS: ReadonlyArray<{ key: 'problem' | 'commitment' | 'relevance'; fields: readonly TextField[] }> = [
  { key: 'problem', fields: ['problem', 'causes', 'statusQuo'] },
  { key: 'commitment', fields: ['description', 'expectedResults', 'howItSolves'] },
  { key: 'relevance', fields: ['relevanceTransparency', 'relevanceParticipation', 'relevanceAccountability', 'relevanceTechnology'] },
];

/** Names joined as the language says ("Ana, Bo and Chloé"). */
export function listOf(names: string[], lng: string): string {
  try {
    return new Intl.ListFormat(lng, { style: 'long', type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}
