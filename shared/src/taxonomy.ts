/** The vocabularies of the domain: policy areas, stakeholder sectors, languages, phase kinds. */
import { z } from 'zod';
import { LOCALES, MEMBERSHIP_ROLES, PHASE_KINDS, POLICY_AREAS, SECTORS } from './values.ts';

export { LOCALES, MEMBERSHIP_ROLES, PHASE_KINDS, POLICY_AREAS, SECTORS };

export const PolicyArea = z.enum(POLICY_AREAS);
export type PolicyArea = z.infer<typeof PolicyArea>;

export const Sector = z.enum(SECTORS);
export type Sector = z.infer<typeof Sector>;

export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

export const PhaseKind = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof PhaseKind>;

export const MembershipRole = z.enum(MEMBERSHIP_ROLES);
export type MembershipRole = z.infer<typeof MembershipRole>;
