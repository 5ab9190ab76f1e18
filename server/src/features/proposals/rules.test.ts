import { describe, expect, it } from 'vitest';
import { canEdit, fromImportItem, reference, supportProblem, titleFromSummary, toPrefixQuery } from './rules.ts';

describe('open call rules', () => {
  const mine = { authorId: 'u1', state: 'submitted' as const, supports: 0, commentsCount: 0 };
  it('lets the author edit until the first support or comment, during the open call only', () => {
    expect(canEdit(mine, 'u1', 'open-call')).toBe(true);
    expect(canEdit(mine, 'u2', 'open-call')).toBe(false);
    expect(canEdit({ ...mine, supports: 1 }, 'u1', 'open-call')).toBe(false);
    expect(canEdit({ ...mine, commentsCount: 1 }, 'u1', 'open-call')).toBe(false);
    expect(canEdit(mine, 'u1', 'prioritisation')).toBe(false);
    expect(canEdit({ ...mine, state: 'withdrawn' }, 'u1', 'open-call')).toBe(false);
  });

  it('supports only visible proposals that are still in play', () => {
    expect(supportProblem({ state: 'submitted', hidden: false })).toBeNull();
    expect(supportProblem({ state: 'merged', hidden: false })).toBe('not-supportable');
    expect(supportProblem({ state: 'rejected', hidden: false })).toBe('not-supportable');
    expect(supportProblem({ state: 'submitted', hidden: true })).toBe('not-supportable');
  });

  it('numbers references P-0001', () => {
    expect(reference(42)).toBe('P-0042');
    expect(reference(12345)).toBe('P-12345');
  });

  it('turns what people type into a safe prefix query without accents', () => {
    expect(toPrefixQuery('Électoral  réf.')).toBe('electoral:* & ref:*');
    expect(toPrefixQuery("'); drop table x; --")).toBe('drop:* & table:* & x:*');
    expect(toPrefixQuery('  !!! ')).toBeNull();
  });

  it('takes the first sentence of a summary as the title, cut at 150 characters', () => {
    expect(titleFromSummary("L'Ukraine a adopté une loi. Pour la mettre en œuvre…")).toBe("L'Ukraine a adopté une loi");
    const long = 'a'.repeat(400);
    expect(titleFromSummary(long)).toHaveLength(150);
  });

  it('maps fixture fields onto proposal fields', () => {
    const p = fromImportItem({ ref: 'OGC-003', lang: 'fr', summary: 'Une loi. Suite.', challengeArea: 'anti-corruption', branch: 'independent', leadInstitution: 'Agence' }, 'en');
    expect(p).toEqual({ title: 'Une loi', body: 'Une loi. Suite.', area: 'anti-corruption', sector: 'independent', organisation: 'Agence', lang: 'fr', externalRef: 'OGC-003' });
  });
});
