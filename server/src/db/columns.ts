/** Column types shared by the table declarations (database.ts, tables-plan.ts). */
import type { ColumnType } from 'kysely';

/** A timestamp the database fills in when the insert leaves it out. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
