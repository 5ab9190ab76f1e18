/** Opaque pagination cursors: base64url JSON, checked against a schema when read. */
import type { z } from 'zod';
import { problem } from '../plugins/problems.ts';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, or answers 400 naming `query.cursor`. */
export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch { /* fall through to the problem below */ }
  throw problem.validation([{ path: 'querystring.cursor', message: 'not a cursor this list gave out' }]);
}
