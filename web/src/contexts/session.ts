import { createContext } from '@lit/context';
import type { User } from '@mesa/shared';

/** The signed-in user; `ready` is false until the first GET /api/me answered. */
export interface Session {
  ready: boolean;
  user: User | null;
}

export const sessionContext = createContext<Session>(Symbol('mesa-session'));

/** Whether the user holds the portal-wide admin role. */
export function isAdmin(user: User | null | undefined): boolean {
  return !!user && user.roles.includes('admin');
}
