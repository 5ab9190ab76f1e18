/** The vocabularies of the domain: policy areas, stakeholder sectors, languages, phase kinds. */
import { z } from 'zod';

/** The ten Open Gov Challenge policy areas. */
export const POLICY_AREAS = [
  'access-to-information', 'anti-corruption', 'civic-space', 'climate-and-environment',
  'digital-governance', 'fiscal-openness', 'gender-and-inclusion', 'justice',
  'media-freedom', 'public-participation',
] as const;
export const PolicyArea = z.enum(POLICY_AREAS);
export type PolicyArea = z.infer<typeof PolicyArea>;

/** Stakeholder sectors of a multistakeholder forum; `resident` is an unaffiliated person. */
export const SECTORS = [
  'executive', 'legislative', 'judiciary', 'independent',
  'civil-society', 'academia', 'private-sector', 'resident',
] as const;
export const Sector = z.enum(SECTORS);
export type Sector = z.infer<typeof Sector>;

/** Languages the interface is translated into. */
export const LOCALES = ['en', 'es', 'fr', 'pt'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** The phases of one action-plan cycle, in their natural order. */
export const PHASE_KINDS = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
export const PhaseKind = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof PhaseKind>;

/** Per-process roles given by an admin. */
export const MEMBERSHIP_ROLES = ['forum-member', 'facilitator', 'drafter', 'monitor'] as const;
export const MembershipRole = z.enum(MEMBERSHIP_ROLES);
export type MembershipRole = z.infer<typeof MembershipRole>;
