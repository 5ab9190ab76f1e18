import { describe, expect, it } from 'vitest';
import { foldForSearch, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('keeps emphasis, lists and safe links', () => {
    const html = renderMarkdown('**Open** data\n\n- one\n- [site](https://example.org)');
    expect(html).toContain('<strong>Open</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
  });

  it('renders raw HTML, script and event handlers as inert text', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: and data: links', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](JaVaScRiPt:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href');
  });
});

describe('foldForSearch', () => {
  it('removes accents and case', () => {
    expect(foldForSearch('Électorale ÇA São Ñandú')).toBe('electorale ca sao nandu');
  });
});
