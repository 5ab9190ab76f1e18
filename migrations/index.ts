/** Every migration, in order. Migrations are frozen in time: add a new file, never edit an old one. */
import type { Migration } from 'kysely/migration';
import * as foundation from './2026112201_foundation.ts';
import * as openCall from './2026112202_open_call.ts';
import * as comments from './2026112203_comments.ts';
import * as rounds from './2026112204_rounds.ts';
import * as workshops from './2026112205_workshops.ts';
import * as workshopDepth from './2026112206_workshop_depth.ts';
import * as questions from './2026112207_questions.ts';
import * as commitments from './2026112208_commitments.ts';
import * as perfIndexes from './2026112209_perf_indexes.ts';
import * as consultation from './2026112211_consultation.ts';
import * as openCallPerf from './2026112210_open_call_perf.ts';
import * as plan from './2026112212_plan.ts';
import * as evidenceTracking from './2026112213_evidence_tracking.ts';
import * as proposalSearch from './2026112214_proposal_search.ts';
import * as loginThrottle from './2026112215_login_throttle.ts';
import * as proposalImportRows from './2026112216_proposal_import_rows.ts';

export const migrations: Record<string, Migration> = {
  '2026112201_foundation': foundation,
  '2026112202_open_call': openCall,
  '2026112203_comments': comments,
  '2026112204_rounds': rounds,
  '2026112205_workshops': workshops,
  '2026112206_workshop_depth': workshopDepth,
  '2026112207_questions': questions,
  '2026112208_commitments': commitments,
  '2026112209_perf_indexes': perfIndexes,
  '2026112211_consultation': consultation,
  '2026112210_open_call_perf': openCallPerf,
  '2026112212_plan': plan,
  '2026112213_evidence_tracking': evidenceTracking,
  '2026112214_proposal_search': proposalSearch,
  '2026112215_login_throttle': loginThrottle,
  '2026112216_proposal_import_rows': proposalImportRows,
};
