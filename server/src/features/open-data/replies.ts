/** Reasoned replies to consultation comments, when the consultation feature stores them. */
import type { Db } from '../../db/database.ts';

export interface Reply { outcome: string; text: string; author: string | null; at: Date }

/** The reply to each of these comments (none until the reply feature exists). */
export async function consultationReplies(_db: Db, _commentIds: string[]): Promise<Map<string, Reply>> {
  return new Map();
}
