/**
 * The safe markdown subset: paragraphs, emphasis, lists, quotes, code and links. Raw HTML is
 * not parsed at all (html: false, so `<script>` and `onerror=` stay text) and markdown-it's
 * link validation drops javascript:, vbscript:, file: and data: (except images) URLs.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: true })
  .disable(['image', 'table', 'heading', 'hr', 'lheading']);

const defaultLinkOpen = md.renderer.rules.link_open
  ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('rel', 'nofollow noopener noreferrer');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders user markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Lowercase text without accents, for search that ignores both ("électorale" ≈ "electorale"). */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}
