import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { blockText, CARD_IDS, cardToText, type AdaptiveCard } from '../dialogs/cards';
import type { BotApp } from './app';
import { DirectClient } from './directClient';

// Conversation tests as Rasa's test stories or Copilot Studio's test sets do them: multi-turn
// scripts with what each bot turn must do, played through the whole bot. A story passes when
// every turn does what it says.

export interface TurnExpectation {
  readonly fix?: { readonly topic?: string; readonly cause?: string };
  readonly noFixFor?: string;
  readonly asks?: boolean;
  readonly outOfScope?: boolean;
  readonly neighbour?: string;
  readonly closed?: boolean;
  readonly waits?: boolean;
  readonly explains?: string;
  readonly handOff?: boolean;
  readonly notRepeated?: boolean;
}

export interface Story {
  readonly name: string;
  readonly turns: readonly { readonly user: string; readonly expect: TurnExpectation }[];
}

export interface StorySummary {
  stories: number;
  passed: number;
  turnAccuracy: number;
}

export interface StoryResult {
  readonly story: Story;
  readonly passed: boolean;
  /** Per turn: what failed, empty when the turn did what it should. */
  readonly failures: readonly string[][];
  readonly transcript: readonly string[];
}

const KEYS = new Set([
  'fix',
  'noFixFor',
  'asks',
  'outOfScope',
  'neighbour',
  'closed',
  'waits',
  'explains',
  'handOff',
  'notRepeated',
]);

/** Reads one story a line; throws naming the line and what is wrong. */
export function parseStories(jsonl: string, source = 'input'): Story[] {
  return jsonl
    .split(/\r?\n/)
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, n]) => {
      const s = JSON.parse(line) as Story;
      if (typeof s.name !== 'string' || !Array.isArray(s.turns) || s.turns.length === 0)
        throw new Error(`${source}:${n}: expected {"name": string, "turns": [{"user", "expect"}, ...]}`);
      for (const t of s.turns) {
        if (typeof t.user !== 'string' || typeof t.expect !== 'object' || t.expect === null)
          throw new Error(`${source}:${n}: every turn needs "user" (a string) and "expect" (an object)`);
        const unknown = Object.keys(t.expect).filter((k) => !KEYS.has(k));
        if (unknown.length) throw new Error(`${source}:${n}: unknown expectation ${unknown.join(', ')}`);
      }
      return s;
    });
}

interface Tag {
  reply?: string;
  topic?: string;
  cause?: string;
  neighbour?: string;
  term?: string;
}

/** What the bot did in one turn, read from its replies. */
interface BotTurn {
  readonly tags: Tag[];
  readonly text: string;
  readonly question: string | undefined;
}

function botTurn(replies: Partial<Activity>[]): BotTurn {
  const tags = replies.map(
    (r) => (r.channelData as { troubleshooter?: Tag } | undefined)?.troubleshooter ?? {},
  );
  const cards = replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as AdaptiveCard),
  );
  const text = [...replies.map((r) => r.text ?? ''), ...cards.map(cardToText)].join('\n');
  const last = cards[cards.length - 1];
  return { tags, text, question: last ? blockText(last, CARD_IDS.question) : undefined };
}

function check(expect: TurnExpectation, turn: BotTurn, previous: BotTurn | undefined): string[] {
  const failures: string[] = [];
  const kinds = new Set(turn.tags.map((t) => t.reply));
  const fixes = turn.tags.filter((t) => t.cause);
  const showed = (cause: string | undefined, topic: string | undefined) =>
    fixes.some((f) => (!cause || f.cause === cause) && (!topic || f.topic === topic));
  if (expect.fix && !showed(expect.fix.cause, expect.fix.topic))
    failures.push(`no fix for ${expect.fix.topic ?? '*'}/${expect.fix.cause ?? '*'}`);
  if (expect.noFixFor && showed(expect.noFixFor, undefined))
    failures.push(`showed the fix for ${expect.noFixFor}`);
  if (expect.asks && !(kinds.has('question') && fixes.length === 0)) failures.push('did not ask a question');
  // Naming the other product is the out-of-scope answer at its best.
  if (
    expect.outOfScope &&
    !(kinds.has('out-of-scope') || kinds.has('not-a-problem') || kinds.has('neighbour'))
  )
    failures.push('did not say it is out of scope');
  if (expect.neighbour && !turn.tags.some((t) => t.reply === 'neighbour' && t.neighbour === expect.neighbour))
    failures.push(`did not name ${expect.neighbour}`);
  if (expect.closed && !kinds.has('fixed')) failures.push('did not close the case');
  if (expect.waits && !kinds.has('wait')) failures.push('did not wait');
  if (
    expect.explains &&
    !(kinds.has('explain') && turn.text.toLowerCase().includes(expect.explains.toLowerCase()))
  )
    failures.push(`did not explain "${expect.explains}"`);
  if (expect.handOff && !(kinds.has('summary') || kinds.has('hand-off')))
    failures.push('gave nothing to pass on');
  if (expect.notRepeated && turn.question !== undefined && turn.question === previous?.question)
    failures.push('asked the same question again');
  return failures;
}

export async function evaluateStories(
  app: BotApp,
  stories: readonly Story[],
): Promise<{ summary: StorySummary; results: StoryResult[] }> {
  const run = randomUUID().slice(0, 8);
  const results: StoryResult[] = [];
  let turns = 0;
  let goodTurns = 0;
  for (const [i, story] of stories.entries()) {
    const client = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      conversationId: `story-${run}-${i}`,
      channelId: 'test',
    });
    const failures: string[][] = [];
    const transcript: string[] = [];
    let previous: BotTurn | undefined;
    for (const t of story.turns) {
      const turn = botTurn(await client.say(t.user));
      const failed = check(t.expect, turn, previous);
      failures.push(failed);
      turns++;
      if (!failed.length) goodTurns++;
      transcript.push(`user: ${t.user.slice(0, 100).replace(/\s+/g, ' ')}`);
      transcript.push(
        `bot:  ${turn.tags.map((g) => [g.reply, g.topic, g.cause, g.neighbour].filter(Boolean).join('/')).join(', ')} | ${turn.text.slice(0, 160).replace(/\s+/g, ' ')}${failed.length ? `\n      FAILED: ${failed.join('; ')}` : ''}`,
      );
      previous = turn;
    }
    results.push({ story, passed: failures.every((f) => !f.length), failures, transcript });
  }
  return {
    summary: {
      stories: stories.length,
      passed:
        Math.round((results.filter((r) => r.passed).length / Math.max(1, stories.length)) * 1000) / 1000,
      turnAccuracy: Math.round((goodTurns / Math.max(1, turns)) * 1000) / 1000,
    },
    results,
  };
}
