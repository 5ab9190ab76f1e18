/** RFC 9457 problem details: the one error shape of the API. */
import { z } from 'zod';

export const ProblemCode = z.enum([
  'validation', 'bad-request', 'malformed-json', 'unsupported-media-type', 'too-large',
  'unauthorised', 'not-allowed', 'csrf', 'not-found', 'duplicate', 'conflict',
  'phase-closed', 'round-closed', 'stale-version', 'rate-limited', 'invalid-credentials', 'internal',
  'unavailable',
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
