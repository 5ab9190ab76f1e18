/** The database schema as Kysely sees it; the migrations in /migrations are its only source of change. */
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type {
  CommitmentDraftersTable, CommitmentFollowersTable, CommitmentSourcesTable, CommitmentsTable, CommitmentVersionsTable, CommitmentYjsUpdatesTable,
  EndorsementsTable, MilestonesTable, MilestoneUpdatesTable, MonitorNotesTable, ParticipantProfilesTable, PlansTable, PublicMeetingsTable,
  ReportedFiguresTable, SectionStancesTable,
} from './tables-plan.ts';
import type { DefaultedTimestamp } from './columns.ts';

export type * from './tables-plan.ts';
export type { DefaultedTimestamp } from './columns.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  display_name: string;
  locale: string;
  is_admin: Generated<boolean>;
  created_at: DefaultedTimestamp;
}

export interface SessionsTable {
  id: string; // sha-256 of the cookie token, so a leaked table cannot be replayed
  user_id: string | null;
  /** A guest's session, limited to one workshop (user_id is then null). */
  guest_id: string | null;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
}

export interface LoginFailuresTable {
  key: string;
  at: DefaultedTimestamp;
  /** The sign-in attempt that wrote the row (null on rows from before 2026112215). */
  attempt: string | null;
}

export interface ProcessesTable {
  id: Generated<string>;
  slug: string;
  title: string;
  description: string;
  language: string;
  active_phase: string | null;
  proposal_seq: Generated<number>;
  reference_prefix: string | null;
  reference_next: Generated<number>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface ProcessPhasesTable {
  process_id: string;
  kind: string;
  position: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface ProcessTimelineTable {
  id: Generated<string>;
  process_id: string;
  at: DefaultedTimestamp;
  action: string;
  actor_id: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
}

export interface MembershipsTable {
  process_id: string;
  user_id: string;
  role: string;
  sector: string | null;
  organisation: string | null;
  created_at: DefaultedTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  process_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  at: DefaultedTimestamp;
}

// ---- open call: proposals, supports, rooms ----
export interface ProposalsTable {
  id: Generated<string>;
  process_id: string;
  number: number;
  external_ref: string | null;
  author_id: string | null;
  title: string;
  body: string;
  body_html: string;
  search_text: string;
  area: string;
  sector: string;
  organisation: string | null;
  lang: string;
  state: Generated<string>;
  supports_count: Generated<number>;
  comments_count: Generated<number>;
  answer_state: string | null;
  answer_text: string | null;
  answer_published_at: Date | null;
  merged_into: string | null;
  selected_for_drafting: Generated<boolean>;
  hidden: Generated<boolean>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProposalSupportsTable {
  proposal_id: string;
  user_id: string;
  process_id: string;
  created_at: DefaultedTimestamp;
}

export interface RoomsTable {
  name: string;
  last_seq: Generated<number>;
}

export interface RoomEventsTable {
  room: string;
  seq: number;
  process_id: string | null;
  event: string;
  data: ColumnType<unknown, string, string>;
  at: DefaultedTimestamp;
}

// ---- comments and moderation ----
export interface CommentsTable {
  id: Generated<string>;
  process_id: string;
  target_type: string;
  target_id: string;
  parent_id: string | null;
  depth: number;
  author_id: string | null;
  body: string;
  body_html: string;
  alignment: string | null;
  anchor: ColumnType<unknown, string | null, string | null>;
  anchor_text: ColumnType<string | null, string | null | undefined, string | null>;
  anchor_version_id: ColumnType<string | null, string | null | undefined, string | null>;
  response: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden: Generated<boolean>;
}

export interface CommentRevisionsTable {
  id: Generated<string>;
  comment_id: string;
  process_id: string;
  body: string;
  written_at: Timestamp;
  edited_at: DefaultedTimestamp;
}

export interface CommentVotesTable {
  comment_id: string;
  user_id: string;
  process_id: string;
  value: number;
  created_at: DefaultedTimestamp;
}

export interface ReportsTable {
  id: Generated<string>;
  process_id: string;
  target_type: string;
  target_id: string;
  reporter_id: string | null;
  reason: string;
  details: string | null;
  created_at: DefaultedTimestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
}

// ---- prioritisation: rounds, ballots, comparisons ----
export interface RoundsTable {
  id: Generated<string>;
  process_id: string;
  workshop_id: string | null;
  title: string;
  method: string;
  settings: ColumnType<unknown, string, string>;
  state: Generated<string>;
  results_visible: Generated<boolean>;
  eligibility: Generated<string>;
  duration_sec: number | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  opened_at: Date | null;
  closes_at: Date | null;
  closed_at: Date | null;
  results: ColumnType<unknown, string | null, string | null>;
  /** A breakout table's round (null: the plenary). */
  table_no: number | null;
  /** For a plenary round pulled back from tables: their round ids. */
  combined_from: ColumnType<unknown, string | null, string | null>;
}

export interface BallotsTable {
  round_id: string;
  process_id: string;
  participant_key: string;
  user_id: string | null;
  sector: string | null;
  ballot: ColumnType<unknown, string, string>;
  paper: Generated<boolean>;
  label: string | null;
  entered_by: string | null;
  updated_at: DefaultedTimestamp;
}

export interface ComparisonsTable {
  id: Generated<string>;
  round_id: string;
  process_id: string;
  participant_key: string;
  sector: string | null;
  winner_id: string;
  loser_id: string;
  skipped: Generated<boolean>;
  created_at: DefaultedTimestamp;
}

// ---- live workshops ----
export interface WorkshopsTable {
  id: Generated<string>;
  process_id: string;
  title: string;
  agenda: ColumnType<unknown, string, string>;
  starts_at: Timestamp;
  mode: string;
  video_url: string | null;
  code: string;
  state: Generated<string>;
  locked: Generated<boolean>;
  current_item: Generated<number>;
  tables_count: Generated<number>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  closed_at: Date | null;
  outcome: ColumnType<unknown, string | null, string | null>;
}

export interface GuestsTable {
  id: Generated<string>;
  workshop_id: string;
  display_name: string;
  sector: string | null;
  created_at: DefaultedTimestamp;
}

export interface WorkshopParticipantsTable {
  workshop_id: string;
  participant_key: string;
  process_id: string;
  user_id: string | null;
  guest_id: string | null;
  display_name: string;
  sector: string | null;
  joined_at: DefaultedTimestamp;
  removed: Generated<boolean>;
  table_no: number | null;
}

export interface WorkshopHandsTable {
  workshop_id: string;
  participant_key: string;
  process_id: string;
  raised_at: DefaultedTimestamp;
}

export interface JoinAttemptsTable {
  key: string;
  at: DefaultedTimestamp;
}

export interface WorkshopQuestionsTable {
  id: Generated<string>;
  workshop_id: string;
  process_id: string;
  author_key: string;
  author_name: string;
  body: string;
  hidden: Generated<boolean>;
  answered_at: Date | null;
  created_at: DefaultedTimestamp;
}

export interface QuestionVotesTable {
  question_id: string;
  voter_key: string;
  process_id: string;
}

/** A proposal's search vector, kept from its search_text by a trigger (2026112214); never written by the app. */
export interface ProposalSearchTable {
  proposal_id: string;
  search_vector: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  processes: ProcessesTable;
  process_phases: ProcessPhasesTable;
  process_timeline: ProcessTimelineTable;
  memberships: MembershipsTable;
  audit_log: AuditLogTable;
  proposals: ProposalsTable;
  proposal_supports: ProposalSupportsTable;
  proposal_search: ProposalSearchTable;
  rooms: RoomsTable;
  room_events: RoomEventsTable;
  rounds: RoundsTable;
  ballots: BallotsTable;
  comparisons: ComparisonsTable;
  workshops: WorkshopsTable;
  guests: GuestsTable;
  workshop_participants: WorkshopParticipantsTable;
  join_attempts: JoinAttemptsTable;
  workshop_hands: WorkshopHandsTable;
  workshop_questions: WorkshopQuestionsTable;
  question_votes: QuestionVotesTable;
  commitments: CommitmentsTable;
  commitment_sources: CommitmentSourcesTable;
  commitment_drafters: CommitmentDraftersTable;
  milestones: MilestonesTable;
  commitment_versions: CommitmentVersionsTable;
  commitment_yjs_updates: CommitmentYjsUpdatesTable;
  section_stances: SectionStancesTable; commitment_followers: CommitmentFollowersTable;
  // comments and moderation tables: see the block below
  comments: CommentsTable;
  comment_revisions: CommentRevisionsTable;
  comment_votes: CommentVotesTable;
  reports: ReportsTable;
  plans: PlansTable; // plan tables: tables-plan.ts
  endorsements: EndorsementsTable;
  participant_profiles: ParticipantProfilesTable; public_meetings: PublicMeetingsTable; reported_figures: ReportedFiguresTable; milestone_updates: MilestoneUpdatesTable; monitor_notes: MonitorNotesTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A query context: the database or an open transaction. */
export type Conn = Db | Trx;
