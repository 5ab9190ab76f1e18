import type { Ballot } from './rounds-api.ts';

export interface BallotChange {
  ballot: Ballot;
  /** The proposal the change was about, when there is one (for messages next to it). */
  proposalId?: string;
}

/** Dispatch the edited ballot from a ballot editor; the page that owns it saves it. */
export function emitBallot(target: EventTarget, detail: BallotChange): void {
  target.dispatchEvent(new CustomEvent('mesa-ballot-change', { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant changed their ballot (a score, a dot, a move in the ranking, a poll option). */
    'mesa-ballot-change': CustomEvent<BallotChange>;
  }
}

/** What a ballot editor shows of each item. */
export interface ItemLabel {
  id: string;
  title: string;
  reference?: string;
  lang?: string;
}
