/**
 * Column lists of Decidim's open-data CSVs, in Decidim's order, as its CSV exporter writes them:
 * the serializer's hash flattened with nested keys joined by `/` and translatable fields one
 * column per locale (`title/en`, `title/es`, …). Read from decidim/decidim:
 *
 * - decidim-proposals/lib/decidim/proposals/open_data_proposal_serializer.rb
 *   at commit 33e656b3e1ffae85e7ed314971db44524e2c1af6 (the same keys at b6065c37f2f91feab58f9fc737c38371b036498c)
 * - decidim-comments/lib/decidim/comments/comment_serializer.rb
 *   at commit b179d2f4fc06b5beb6f85c9098d098c2ddfda767 (the version without user groups)
 * - decidim-accountability/lib/decidim/accountability/result_serializer.rb, the version with
 *   taxonomies, updated_at, reference, children_count, comments_count and the address fields
 *   (newer than commit d6bb1a4688c58ca38093a78cc84b102c4e837e61, which still has category and scope)
 * - decidim-core/lib/decidim/exporters/csv.rb (flattening: `key/subkey`; arrays joined with ", ")
 *   and decidim-core/lib/decidim/core.rb (default_csv_col_sep ";").
 *
 * docs/DECIDIM.md maps each column to Mesa's data and lists those with no Mesa equivalent.
 */
import { LOCALES } from '@mesa/shared';

/** Decidim's default CSV column separator. */
export const DECIDIM_CSV_SEPARATOR = ';';

/** Locales of translatable columns, in this order (Mesa's interface languages). */
export const DECIDIM_LOCALES: readonly string[] = LOCALES;

const perLocale = (key: string, locales: readonly string[]) => locales.map((l) => `${key}/${l}`);

export function proposalColumns(locales: readonly string[] = DECIDIM_LOCALES): string[] {
  return [
    'id', 'author/id', 'author/name', 'author/url', 'taxonomies/id', 'taxonomies/name',
    'participatory_space/id', 'participatory_space/url', 'component/id',
    ...perLocale('title', locales), ...perLocale('body', locales),
    'address', 'latitude', 'longitude', 'state', 'state_published_at', 'reference',
    ...perLocale('answer', locales), 'answered_at', 'votes', 'likes/total_count', 'likes/user_likes',
    'comments', 'follows_count', 'published_at', 'url', 'meeting_urls', 'related_proposals', 'is_amend',
    // amendable&.title is nil for a proposal that is not an amendment: one column, not one per locale
    'original_proposal/title', 'original_proposal/url', 'withdrawn', 'withdrawn_at', 'created_at', 'updated_at',
    // cost_report and execution_period are nil unless the proposal was costed: one column each
    'created_in_meeting', 'coauthorships_count', 'cost', 'cost_report', 'execution_period',
  ];
}

export function commentColumns(): string[] {
  return [
    'id', 'created_at', 'body', 'locale', 'author/id', 'author/name', 'alignment', 'depth',
    'commentable_id', 'commentable_type', 'root_commentable_url',
  ];
}

export function resultColumns(locales: readonly string[] = DECIDIM_LOCALES): string[] {
  return [
    'id', 'taxonomies/id', 'taxonomies/name', 'parent/id', ...perLocale('title', locales), ...perLocale('description', locales),
    'start_date', 'end_date', 'status/id', 'status/key', ...perLocale('status/name', locales), 'progress',
    'created_at', 'updated_at', 'url', 'component/id', 'proposal_urls', 'reference', 'children_count', 'comments_count',
    'address', 'latitude', 'longitude',
  ];
}
