import { describe, expect, it } from 'vitest';
import { filtersFromSearch, sameFilters, searchWithFilters } from './proposal-model.ts';

describe('list filters in the URL', () => {
  it('reads filters, sort, search and seed, leaving out what the list does not know', () => {
    expect(filtersFromSearch('?area=justice&sector=academia&state=accepted&q=%20%C3%A9lectorale%20&sort=supports')).toEqual({
      filters: { area: 'justice', sector: 'academia', state: 'accepted', q: 'électorale', sort: 'supports' }, seed: null,
    });
    expect(filtersFromSearch('?area=space&sort=best&state=&q=')).toEqual({ filters: { sort: 'recent' }, seed: null });
    expect(filtersFromSearch('?sort=random&seed=abc123')).toEqual({ filters: { sort: 'random' }, seed: 'abc123' });
    expect(filtersFromSearch('?sort=random&seed=%3Cscript%3E').seed).toBeNull();
    expect(filtersFromSearch('?sort=recent&seed=abc').seed).toBeNull();
    expect(filtersFromSearch(`?q=${'x'.repeat(300)}`).filters.q).toHaveLength(200);
  });

  it('writes them back, keeping other parameters, and round-trips', () => {
    expect(searchWithFilters('', { sort: 'recent' }, null)).toBe('');
    expect(searchWithFilters('?lang=es&area=justice', { sort: 'supports', sector: 'academia', q: 'reforme elec' }, null))
      .toBe('?lang=es&sector=academia&q=reforme+elec&sort=supports');
    expect(searchWithFilters('', { sort: 'random' }, 'abc')).toBe('?sort=random&seed=abc');
    const f = { sort: 'comments' as const, area: 'justice', state: 'rejected', q: 'Transparência' };
    expect(filtersFromSearch(searchWithFilters('', f, null)).filters).toEqual(f);
  });

  it('tells equal filters apart from different ones', () => {
    expect(sameFilters({ sort: 'recent', q: ' a ' }, { sort: 'recent', q: 'a', area: '' })).toBe(true);
    expect(sameFilters({ sort: 'recent' }, { sort: 'supports' })).toBe(false);
    expect(sameFilters({ sort: 'recent', area: 'justice' }, { sort: 'recent' })).toBe(false);
  });
});
