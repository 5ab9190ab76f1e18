import type { Locale, User } from '@mesa/shared';

/** Events that elements send up to <mesa-app>; all bubble and cross shadow roots. */
export interface MesaEvents {
  /** Go to another page of the app (client-side). */
  'mesa-navigate': { path: string; replace?: boolean };
  /** The session changed: signed in, out, or the user was updated. */
  'mesa-session': { user: User | null; signedIn?: boolean };
  /** The reader chose another language. */
  'mesa-locale': { lng: Locale };
  /** Say something through the polite live region. */
  'mesa-announce': { message: string };
  /** The page knows its own title (e.g. once a process has loaded). */
  'mesa-title': { title: string };
  /** The reader asked to sign out. */
  'mesa-sign-out': Record<string, never>;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mesa-navigate': CustomEvent<MesaEvents['mesa-navigate']>;
    'mesa-session': CustomEvent<MesaEvents['mesa-session']>;
    'mesa-locale': CustomEvent<MesaEvents['mesa-locale']>;
    'mesa-announce': CustomEvent<MesaEvents['mesa-announce']>;
    'mesa-title': CustomEvent<MesaEvents['mesa-title']>;
    'mesa-sign-out': CustomEvent<MesaEvents['mesa-sign-out']>;
  }
}

/** Every Mesa event: the app-wide ones above and those each feature declares beside its element. */
export type MesaEventName = Extract<keyof GlobalEventHandlersEventMap, `mesa-${string}`>;
type DetailOf<K extends MesaEventName> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatch a typed, bubbling, composed Mesa event from `target`. The only way elements send
 * events: the name must be declared in `GlobalEventHandlersEventMap` and the detail must fit it.
 */
export function emit<K extends MesaEventName>(target: EventTarget, type: K, detail: DetailOf<K>): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
