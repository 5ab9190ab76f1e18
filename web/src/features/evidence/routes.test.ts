import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';

describe('routes', () => {
  it('maps the evidence and tracking pages', () => {
    expect(matchRoute('/processes/buenos-aires-2025/evidence')).toEqual({ name: 'evidence', slug: 'buenos-aires-2025' });
    expect(matchRoute('/processes/buenos-aires-2025/tracking/')).toEqual({ name: 'tracking', slug: 'buenos-aires-2025' });
    expect(matchRoute('/processes/%E0%A4%A/tracking')).toEqual({ name: 'not-found' });
    expect(matchRoute('/processes/x/evidence/more').name).toBe('not-found');
  });
});
