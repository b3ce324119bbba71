import type { Area } from '../knowledgeSchema';

// The conversation's state and its one-turn input and output, as plain serialisable data: the
// core reads a case and one input and returns the new case and one reply; the edges store the
// case and render the reply (a card, text, the terminal).

/** What one message from the user is, as the edges hand it over. */
export type Input =
  | { readonly kind: 'text'; readonly text: string }
  /** A click on a button of the question on screen (the edges check it is that question's). */
  | { readonly kind: 'choice'; readonly index: number }
  /** A click on a button of an older card, no longer on screen. */
  | { readonly kind: 'stale-click' };

/** What the user told us, in their words, about the cause. */
export interface Ruling {
  readonly cause: string;
  /** The words that ruled it (capped). */
  readonly words: string;
}

/** A fix that was shown, and what the user said happened. */
export interface Tried {
  readonly topic: string;
  readonly cause: string;
  readonly outcome: 'failed' | 'partly' | 'pending';
  /** What the user said about it, when they said more than "no". */
  readonly said?: string;
}

/** IDs and details found in what the user pasted: for the summary and the support ticket. */
export interface FoundIds {
  readonly transactionIds: readonly string[];
  readonly eventIds: readonly number[];
  readonly timestamps: readonly string[];
  readonly hosts: readonly string[];
}

/** One problem being troubleshot: the case file. */
export interface Problem {
  /** What the user reported, capped. */
  readonly text: string;
  readonly topic: string;
  /** The questions answered and how. */
  readonly answers: readonly { readonly question: string; readonly answer: string }[];
  readonly tried: readonly Tried[];
  readonly ruledOut: readonly Ruling[];
  readonly ruledIn?: Ruling;
  readonly ids: FoundIds;
  /** The nodes walked, for "back". */
  readonly trail: readonly string[];
  /** What the user told us along the way in their own words (not button clicks), capped. */
  readonly notes: readonly string[];
}

/** The question on screen, by reference to the knowledge (wording is rebuilt each turn). */
export type Pending =
  /** Which of these topics? With `confirm`, one topic the message only sounds like: is it this? */
  | { readonly kind: 'pick-topic'; readonly candidates: readonly string[]; readonly confirm?: boolean }
  | { readonly kind: 'area' }
  | { readonly kind: 'topic-in-area'; readonly area: Area }
  | { readonly kind: 'tree'; readonly node: string }
  | { readonly kind: 'did-it-work'; readonly topic: string; readonly cause: string }
  /** After a failed fix: does the same error show, or something else now? */
  | { readonly kind: 'after-failure' }
  /** The user said something different shows now: waiting for it to be pasted. */
  | { readonly kind: 'new-evidence'; readonly partly?: boolean };

export interface CaseState {
  readonly pending?: Pending;
  /** The problem being worked on, if any. */
  readonly problem?: Problem;
  /** The problem last closed as fixed, kept so "no, still broken" can pick it up again. */
  readonly closed?: Problem;
  /** A second error from the same message, to come back to: its text and topic. */
  readonly queued?: { readonly text: string; readonly topic: string };
  /** Messages in a row the bot could not place. */
  readonly misses: number;
  /** The neighbouring product the last message was placed with, so "aren't they the same?" is about it. */
  readonly neighbour?: string;
  /** What was said about it (bounded), for a note to IT if the user can't act on it themselves. */
  readonly neighbourText?: string;
  /** Whether the person is an admin or a user of the app (or a help desk relaying), once known. */
  readonly audience?: 'admin' | 'end-user';
}

export const NEW_CASE: CaseState = { misses: 0 };

/** A new case that keeps only who the person is: where a new problem starts. */
export const kept = (state: CaseState): CaseState => ({
  misses: 0,
  ...(state.audience ? { audience: state.audience } : {}),
});
