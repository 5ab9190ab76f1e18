// Shapes of the Mesa HTTP API as the web app reads them (see the API contract).

export const LOCALES = ['en', 'es', 'fr', 'pt'] as const;
export type Locale = (typeof LOCALES)[number];

export const PHASE_KINDS = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export interface Membership {
  processId: string;
  processSlug: string;
  role: 'forum-member' | 'facilitator' | 'drafter';
  sector: string | null;
  organisation: string | null;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  roles: string[];
  memberships: Membership[];
}

export interface Phase {
  kind: PhaseKind;
  startsAt: string;
  endsAt: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  action: 'created' | 'phase-opened' | 'phases-changed' | (string & {});
  actorName: string | null;
  detail: { kind?: string; outsideSchedule?: boolean } | null;
}

export interface Process {
  id: string;
  slug: string;
  title: string;
  description: string;
  language: string;
  phases: Phase[];
  activePhase: PhaseKind | null;
  timeline?: TimelineEntry[];
  createdAt?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface NewProcess {
  slug: string;
  title: string;
  description: string;
  language?: string;
  phases: Phase[];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isAdmin(user: User | null | undefined): boolean {
  return !!user && user.roles.includes('admin');
}
