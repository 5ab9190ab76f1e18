/**
 * The domain's value lists and limits, with no imports. The zod schemas build their enums from
 * these lists; the web app imports them from `@mesa/shared/values`, an entry point that does not
 * pull zod into its bundle (types it takes from `@mesa/shared` with `import type`).
 */

/** The ten Open Gov Challenge policy areas. */
export const POLICY_AREAS = [
  'access-to-information', 'anti-corruption', 'civic-space', 'climate-and-environment',
  'digital-governance', 'fiscal-openness', 'gender-and-inclusion', 'justice',
  'media-freedom', 'public-participation',
] as const;

/** Stakeholder sectors of a multistakeholder forum; `resident` is an unaffiliated person. */
export const SECTORS = [
  'executive', 'legislative', 'judiciary', 'independent',
  'civil-society', 'academia', 'private-sector', 'resident',
] as const;

/** Languages the interface is translated into. */
export const LOCALES = ['en', 'es', 'fr', 'pt'] as const;

/** The phases of one action-plan cycle, in their natural order. */
export const PHASE_KINDS = ['open-call', 'prioritisation', 'drafting', 'consultation', 'adopted'] as const;

/** Per-process roles given by an admin. */
export const MEMBERSHIP_ROLES = ['forum-member', 'facilitator', 'drafter', 'monitor'] as const;

// ---- proposals ----
export const PROPOSAL_STATES = ['submitted', 'evaluating', 'accepted', 'rejected', 'merged', 'withdrawn'] as const;
export const PROPOSAL_SORTS = ['recent', 'supports', 'comments', 'random'] as const;
/** The states an admin's answer gives a proposal. */
export const ANSWER_STATES = ['evaluating', 'accepted', 'rejected'] as const;
/**
 * Largest proposal import: a CSV streams in and is staged a batch at a time (64 MiB); a JSON
 * body is parsed whole first (10 MiB).
 */
export const IMPORT_CSV_MAX_BYTES = 67_108_864;
export const IMPORT_JSON_MAX_BYTES = 10_485_760;

// ---- comments and moderation ----
export const COMMENT_TARGETS = ['proposals', 'commitments'] as const;
export const ALIGNMENTS = ['for', 'against', 'neutral'] as const;
export const COMMENT_SORTS = ['oldest', 'newest', 'best'] as const;
export const MAX_COMMENT_DEPTH = 3;
export const REPORT_REASONS = ['spam', 'offensive', 'off-topic', 'other'] as const;

// ---- commitments ----
/** The long text fields of the template; also the names of the shared texts in the commitment's Yjs document. */
export const TEXT_FIELDS = [
  'problem', 'causes', 'statusQuo', 'description', 'expectedResults', 'howItSolves',
  'relevanceTransparency', 'relevanceParticipation', 'relevanceAccountability', 'relevanceTechnology',
] as const;
export const MAX_FIELD_CHARS = 20_000;
export const MILESTONE_STATUSES = ['not-started', 'in-progress', 'completed', 'delayed'] as const;
export const STANCES = ['agree', 'disagree'] as const;
/** How the drafting team answered a consultation comment. */
export const RESPONSE_OUTCOMES = ['accepted', 'partially', 'not-accepted'] as const;

// ---- evidence ----
/** Self-described, optional; null = prefers not to say. Shown only as aggregates of at least five people. */
export const GENDERS = ['woman', 'man', 'non-binary', 'self-described'] as const;
export const DISABILITY_ANSWERS = ['yes', 'no'] as const;
/** The smallest group shown on its own in the demographic aggregates. */
export const MIN_GROUP = 5;
export const MEETING_KINDS = ['forum', 'public', 'follow-up'] as const;
