/**
 * The tables of the later phases — drafting (commitments, milestones, versions), the adopted plan
 * (plan, endorsements), evidence and tracking — as Kysely sees them; `Database` in database.ts
 * lists them with the rest.
 */
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp } from './columns.ts';

// ---- drafting: commitments ----
export interface CommitmentsTable {
  id: Generated<string>;
  process_id: string;
  reference: string;
  title: string;
  state: Generated<string>;
  area: string;
  lead_institution: Generated<string>;
  stakeholders: ColumnType<{ government: string[]; civilSociety: string[] }, string | undefined, string>;
  starts_on: ColumnType<string | null, string | null | undefined, string | null>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  contact: Generated<string>;
  fields: ColumnType<Record<string, string>, string | undefined, string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  consultation_closes_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  consultation_version_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SectionStancesTable { commitment_id: string; user_id: string; field: string; process_id: string; stance: string; updated_at: DefaultedTimestamp }
export interface CommitmentFollowersTable { commitment_id: string; user_id: string; process_id: string; created_at: DefaultedTimestamp }
export interface CommitmentSourcesTable { commitment_id: string; proposal_id: string; process_id: string }
export interface CommitmentDraftersTable { commitment_id: string; user_id: string }
export interface MilestonesTable {
  id: Generated<string>;
  commitment_id: string;
  process_id: string;
  position: number;
  title: string;
  deliverable: Generated<string>;
  starts_on: ColumnType<string | null, string | null | undefined, string | null>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  responsible: Generated<string>;
  status: Generated<string>;
  progress: Generated<number>;
}
export interface CommitmentVersionsTable {
  id: Generated<string>;
  commitment_id: string;
  process_id: string;
  label: string;
  version: number;
  snapshot: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}
export interface CommitmentYjsUpdatesTable {
  id: Generated<string>;
  commitment_id: string;
  process_id: string;
  update: Uint8Array;
  created_at: DefaultedTimestamp;
}

// ---- evidence and tracking ----
export interface ParticipantProfilesTable { user_id: string; gender: string | null; disability: string | null; updated_at: DefaultedTimestamp }
export interface PublicMeetingsTable {
  id: Generated<string>; process_id: string; held_on: ColumnType<string, string, string>; title: string; kind: string;
  attendance: ColumnType<Record<string, number>, string, string>; minutes_url: string | null; created_by: string | null; created_at: DefaultedTimestamp;
}
export interface ReportedFiguresTable { process_id: string; inputs_reported: number | null; note: Generated<string>; updated_by: string | null; updated_at: DefaultedTimestamp }
export interface MilestoneUpdatesTable {
  id: Generated<string>; milestone_id: string; commitment_id: string; process_id: string; status: string; progress: number; note: Generated<string>;
  evidence_url: string | null; author_id: string | null; source: Generated<string>; created_at: DefaultedTimestamp;
}
export interface MonitorNotesTable { id: Generated<string>; update_id: string; process_id: string; author_id: string | null; body: string; created_at: DefaultedTimestamp }

/** The action plan of a process and its endorsements (migration 2026112212_plan). */
export interface PlansTable {
  process_id: string;
  title: Generated<string>;
  period_start: ColumnType<string | null, string | null | undefined, string | null>;
  period_end: ColumnType<string | null, string | null | undefined, string | null>;
  lead_institution: Generated<string>;
  forum: Generated<string>;
  independent_monitor: Generated<string>;
  contact: Generated<string>;
  ogp_page_url: Generated<string>;
  adopted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  adopted_by: string | null;
  updated_at: DefaultedTimestamp;
}
export interface EndorsementsTable {
  id: Generated<string>;
  process_id: string;
  user_id: string | null;
  organisation: string;
  representative: string;
  role: string;
  statement: Generated<string>;
  status: Generated<string>;
  created_at: DefaultedTimestamp;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reviewed_by: string | null;
}
