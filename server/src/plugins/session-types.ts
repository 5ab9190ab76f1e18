/** Who a request is: the signed-in user or a workshop guest (read by auth.ts and the session cache). */
import type { Locale } from '@mesa/shared';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  isAdmin: boolean;
}

/** A guest who joined one workshop by its code, without an account. */
export interface SessionGuest {
  id: string;
  workshopId: string;
  displayName: string;
  sector: string | null;
}
