import { createContext } from '@lit/context';
import type { User } from '../api/types.ts';

/** The signed-in user; `ready` is false until the first GET /api/me answered. */
export interface Session {
  ready: boolean;
  user: User | null;
}

export const sessionContext = createContext<Session>(Symbol('mesa-session'));
