import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, JoinCode } from '@mesa/shared';
import { canFacilitate, joinVerdict, newJoinCode } from './rules.ts';

describe('workshop rules', () => {
  it('makes 6-character codes without look-alike characters', () => {
    for (let i = 0; i < 500; i++) {
      const code = newJoinCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect(code).not.toMatch(/[01OIL]/);
      expect(JoinCode.safeParse(code).success).toBe(true);
    }
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(JoinCode.safeParse('abc2de').data).toBe('ABC2DE');
    expect(JoinCode.safeParse('ABC0DE').success).toBe(false);
  });

  it('lets admins, facilitators and the creator run a workshop', () => {
    expect(canFacilitate({ id: 'u', isAdmin: false }, new Set(['facilitator']), null)).toBe(true);
    expect(canFacilitate({ id: 'u', isAdmin: false }, new Set(['forum-member']), 'u')).toBe(true);
    expect(canFacilitate({ id: 'u', isAdmin: false }, new Set(['forum-member']), 'v')).toBe(false);
    expect(canFacilitate(null, new Set(), null)).toBe(false);
  });

  it('a locked room admits only those already in it; a closed one nobody', () => {
    expect(joinVerdict({ state: 'open', locked: true }, false)).toBe('locked');
    expect(joinVerdict({ state: 'open', locked: true }, true)).toBe('ok');
    expect(joinVerdict({ state: 'closed', locked: false }, true)).toBe('closed');
  });
});
