/** Accounts and sessions: request bodies and the user as the API shows it. */
import { z } from 'zod';
import { text } from './text.ts';
import { Locale, MembershipRole, Sector } from './taxonomy.ts';

export const Email = z.string().trim().toLowerCase().max(254).email();
export const Password = text().min(10).max(200);
export const DisplayName = text().trim().min(1).max(80);

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  locale: Locale.optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof LoginBody>;

export const UpdateMeBody = z.strictObject({ displayName: DisplayName.optional(), locale: Locale.optional() });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const Membership = z.object({
  processId: z.string(),
  processSlug: z.string(),
  role: MembershipRole,
  sector: Sector.nullable(),
  organisation: z.string().nullable(),
});
export type Membership = z.infer<typeof Membership>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: Locale,
  roles: z.array(z.string()),
  memberships: z.array(Membership),
});
export type User = z.infer<typeof User>;

export const CsrfToken = z.object({ token: z.string() });
