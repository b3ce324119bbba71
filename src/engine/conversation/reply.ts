// What the bot says in one turn, as plain data: one message, which the edges render as a card
// (or text where cards can't be shown). Knowledge is referred to by id; the renderer looks it up.

export type ReplyKind =
  /** Who the bot is and what it covers. */
  | 'intro'
  /** A question: of a topic's tree, "which of these?", the menu, "did that fix it?". */
  | 'question'
  /** The user said the fix worked. */
  | 'fixed'
  /** Out of documented fixes: a summary to pass on. */
  | 'summary'
  /** Another product's problem. */
  | 'neighbour'
  | 'out-of-scope'
  | 'not-a-problem'
  /** The user is busy trying something: the bot waits. */
  | 'wait'
  /** An answer to a follow-up question (a term, a step of the fix on screen). */
  | 'explain'
  /** For someone who can't change the settings: a message to send the admins. */
  | 'hand-off'
  | 'cancelled'
  | 'thanks'
  /** A click on an older card, with nothing to pick up. */
  | 'stale';

export interface ReplyChoice {
  readonly label: string;
  /** Typed answers that pick it besides its label. */
  readonly aliases?: readonly string[];
  readonly means?: 'yes' | 'no' | 'unsure';
}

export interface ReplyQuestion {
  readonly text: string;
  /** Lines shown under the question (a numbered list of what the choices stand for). */
  readonly details?: readonly string[];
  readonly choices: readonly ReplyChoice[];
  /** A guided check: the command to run, where, and what it shows; its output answers the question. */
  readonly command?: {
    readonly run: string;
    readonly shell: 'powershell' | 'cmd';
    readonly where: string;
    readonly shows: string;
  };
}

export interface Reply {
  readonly kind: ReplyKind;
  /** Paragraphs said first (Markdown). */
  readonly lead: readonly string[];
  /** A fix shown in this message, by reference. */
  readonly fix?: { readonly topic: string; readonly cause: string };
  /** The question that ends this message, if any. */
  readonly question?: ReplyQuestion;
  /**
   * The question on screen asked again: the buttons of the card already shown still count. After
   * an answer that picked no option (`brief`), the fix above it isn't shown twice.
   */
  readonly again?: 'brief' | 'whole';
  /** What the reply is about, for analytics, tests and the conversation eval. */
  readonly about?: {
    readonly topic?: string;
    readonly cause?: string;
    readonly neighbour?: string;
    readonly term?: string;
  };
}

export const say = (kind: ReplyKind, ...lead: string[]): Reply => ({ kind, lead });
