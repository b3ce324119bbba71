import type { KnowledgeBase } from '../knowledge';
import type { QuestionNode, Topic } from '../knowledgeSchema';
import { normalise } from '../text';
import { deniedSpans, hedgedSpans, hypotheticalSpans, readCues, statesPhrase } from './negation';

// What a message says about the causes of a topic and about the question on screen, heard with
// negation: "he is not a guest" rules the guest cause out rather than in; "internal user, not
// external" picks the internal choice. Used for answers in the user's own words, and to answer
// a question from what the user already said.

export interface CauseRulings {
  /** Causes the text states (a cue found, none denied). */
  readonly stated: readonly string[];
  /** Causes the text only denies. */
  readonly denied: readonly string[];
  /** For stated causes: how many of their cues the text has (more cues, a clearer pointer). */
  readonly weights?: Readonly<Record<string, number>>;
}

export interface Choosing {
  /** The choice the text picks, or undefined when it picks none or more than one. */
  readonly index: number | undefined;
  /** Choices whose own words the text only denies: never to be taken as its answer. */
  readonly denied: readonly number[];
}

export interface Inference {
  /**
   * The causes of a topic that the text states, and those it rules out (unless `rulesOut` is
   * false: then nothing is ruled out).
   */
  rulings(topicId: string, text: string, rulesOut?: boolean): CauseRulings;
  /**
   * The choice of `question` (of `topicId`) that the text picks, by its words or by the causes it
   * rules. `strict` (for answering from what was said earlier) counts only the causes the text
   * states or rules out, and choices it denies in words: never a choice's phrase said in passing.
   */
  choose(
    topicId: string,
    question: QuestionNode,
    text: string,
    strict?: boolean,
    given?: CauseRulings,
  ): Choosing;
  /** The causes only the other choices of `question` lead to: what picking `index` rules out. */
  excludedBy(topicId: string, question: QuestionNode, index: number): string[];
}

/**
 * `mend` (the recogniser's) gives a message's normalised text with its typos mended: cues and
 * rulings written in correct spelling read that too ("the sigin windw closed by itsef").
 */
export function createInference(kb: KnowledgeBase, mend?: (message: string) => string): Inference {
  interface Patterns {
    readonly cues: RegExp[];
    readonly rulesOut: RegExp[];
  }
  const compiled = new Map<string, Map<string, Patterns>>();
  const patternsOf = (topic: Topic) => {
    let byCause = compiled.get(topic.id);
    if (!byCause) {
      const re = (s: string) => new RegExp(s, 'i');
      byCause = new Map(
        topic.causes.map((c) => [c.id, { cues: c.cues.map(re), rulesOut: c.rulesOut.map(re) }]),
      );
      compiled.set(topic.id, byCause);
    }
    return byCause;
  };

  /** The causes a choice can lead to within its topic's tree. */
  function reachable(
    topic: Topic,
    next: QuestionNode['choices'][number]['next'],
    seen = new Set<string>(),
  ): Set<string> {
    const out = new Set<string>();
    if (typeof next !== 'string' || seen.has(next)) return out;
    seen.add(next);
    const node = topic.tree.nodes[next];
    if (!node) return out;
    if (node.type === 'fix') out.add(node.cause);
    else for (const c of node.choices) for (const cause of reachable(topic, c.next, seen)) out.add(cause);
    return out;
  }

  // A turn reads the same messages for the same topics several times (the case file, each
  // question answered from it): the last few readings are kept.
  const recent = new Map<string, CauseRulings>();
  const MAX_RECENT = 64;

  function rulings(topicId: string, raw: string, withRulesOut = true): CauseRulings {
    // Keyed by what is read (bounded), not by what was sent (up to the body limit).
    const key = `${topicId}\u0000${withRulesOut ? 1 : 0}\u0000${normalise(raw).text.slice(0, 2500)}`;
    const known = recent.get(key);
    if (known) return known;
    const result = readRulings(topicId, raw, withRulesOut);
    if (recent.size >= MAX_RECENT) recent.delete(recent.keys().next().value!);
    recent.set(key, result);
    return result;
  }

  function readRulings(topicId: string, raw: string, withRulesOut: boolean): CauseRulings {
    const topic = kb.topics.get(topicId);
    if (!topic) return { stated: [], denied: [] };
    const text = normalise(raw).text.slice(0, 2500);
    // The text as typed, and (when it differs) with its typos mended: a pattern found in either counts.
    const mended = mend?.(raw);
    const readings = [text, ...(mended !== undefined && mended !== text ? [mended] : [])].map((t) => ({
      text: t,
      spans: deniedSpans(t, true),
      unasserted: hypotheticalSpans(t),
      hedged: hedgedSpans(t),
    }));
    const stated: string[] = [];
    const weights: Record<string, number> = {};
    const denied: string[] = [];
    for (const [cause, patterns] of patternsOf(topic)) {
      // Ruled out in so many words ("she is assigned") outweighs a cue in the same message.
      if (
        withRulesOut &&
        readings.some((r) => readCues(r.text, patterns.rulesOut, r.spans, r.hedged).stated > 0)
      ) {
        denied.push(cause);
        continue;
      }
      // A cue found only under a negation rules nothing out: "haven't added the connectors to the
      // group" negates the fix, not the cause. Ruling out is what `rulesOut` says in so many words.
      const found = Math.max(
        ...readings.map((r) => readCues(r.text, patterns.cues, r.spans, r.unasserted).stated),
      );
      if (found > 0) {
        stated.push(cause);
        weights[cause] = found;
      }
    }
    return { stated, denied, weights };
  }

  function choose(
    topicId: string,
    question: QuestionNode,
    raw: string,
    strict = false,
    given?: CauseRulings,
  ): Choosing {
    const topic = kb.topics.get(topicId);
    if (!topic) return { index: undefined, denied: [] };
    return pick(topic, question, raw, strict, given);
  }

  function pick(
    topic: Topic,
    question: QuestionNode,
    raw: string,
    strict: boolean,
    given?: CauseRulings,
  ): Choosing {
    const topicId = topic.id;
    const text = normalise(raw).text.slice(0, 2500);
    const spans = deniedSpans(text);

    // By the choice's own words: stated picks it; only denied, on a yes/no question, picks the other.
    const said = new Set<number>();
    const unsaid = new Set<number>();
    // How much of each choice's wording the text has, in words (a phrase inside a longer one found counts once).
    const saidWords = question.choices.map(() => 0);
    question.choices.forEach((choice, i) => {
      // What was said earlier never answers "not sure": that is the user's to say.
      if (strict && choice.means === 'unsure') return;
      const found: string[] = [];
      for (const phrase of [choice.label, ...choice.aliases]) {
        const p = normalise(phrase).text;
        if (!p) continue;
        const result = statesPhrase(text, p, spans);
        // From earlier words, a choice's phrase said in passing ("yes, we use IIS") answers
        // nothing: only the causes they point at, and what they deny, do.
        if (result === true && !strict) {
          said.add(i);
          found.push(p);
        } else if (result === false) unsaid.add(i);
      }
      saidWords[i] = found
        .filter((p) => !found.some((q) => q !== p && q.includes(p)))
        .reduce((n, p) => n + p.split(' ').length, 0);
    });
    for (const i of said) unsaid.delete(i);
    const answer = (index: number | undefined): Choosing => ({ index, denied: [...unsaid] });

    // By the causes the text rules in or out.
    const { stated, denied, weights = {} } = given ?? rulings(topicId, raw);
    const leads = question.choices.map((c) => reachable(topic, c.next));
    // A choice named in passing whose every cause the same message rules out ("the cert is fine,
    // we uploaded the new pfx") is what the user is setting aside, not their answer.
    for (const i of [...said]) {
      const causes = leads[i]!;
      if (causes.size > 0 && [...causes].every((c) => denied.includes(c))) said.delete(i);
    }
    // "Not sure" leads somewhere too, but is never what a stated cause answers.
    const towardStated = leads.flatMap((causes, i) =>
      stated.some((c) => causes.has(c)) && !unsaid.has(i) && question.choices[i]!.means !== 'unsure'
        ? [i]
        : [],
    );
    // Earlier words that point at two causes settle nothing: the question is asked.
    if (strict && stated.length > 1) return answer(undefined);
    if (said.size === 1) {
      const [only] = said;
      // Read from earlier words, a choice's phrase that leads away from the cause they stated
      // ("Server 2022" at the HTTP/2 question, when the clock is off) is no answer.
      if (!towardStated.length || towardStated.includes(only!)) return answer(only);
      if (strict) return answer(towardStated.length === 1 ? towardStated[0] : undefined);
    } else if (towardStated.length === 1 && said.size === 0) return answer(towardStated[0]);
    if (said.size || towardStated.length) {
      // A long answer says several things: weigh each choice by its words found and by the causes
      // it leads to that the answer points at; a clear leader is the answer.
      if (strict) return answer(undefined);
      const weight = (i: number) => {
        if (unsaid.has(i)) return -1;
        const toward = question.choices[i]!.means === 'unsure' ? [] : stated.filter((c) => leads[i]!.has(c));
        // A choice that only leads to causes the answer rules out is the wrong reading of it.
        const causes = leads[i]!;
        const against = causes.size > 0 && [...causes].every((c) => denied.includes(c)) ? 3 : 0;
        return saidWords[i]! + toward.reduce((n, c) => n + 2 * (weights[c] ?? 1), 0) - against;
      };
      const ranked = question.choices.map((_, i) => [i, weight(i)] as const).sort((a, b) => b[1] - a[1]);
      const [first, second] = ranked;
      return answer(first && first[1] > 0 && (!second || first[1] - second[1] >= 1) ? first[0] : undefined);
    }

    // What is left once denied words and denied causes are set aside (the "not sure" choice aside).
    const open = question.choices.flatMap((c, i) => {
      if (c.means === 'unsure' || unsaid.has(i)) return [];
      const causes = leads[i]!;
      const allDenied = causes.size > 0 && [...causes].every((cause) => denied.includes(cause));
      return allDenied ? [] : [i];
    });
    // By elimination only in a direct answer, or as the "no" of a yes/no question: read from
    // earlier words, any other choice ("she is assigned" → "a guest, then") would put words in
    // the user's mouth.
    const ruledSomething = unsaid.size > 0 || denied.length > 0;
    // (Denying what a yes/no question asks about is its "no": "he's not a guest" answers it.)
    const left = open.length === 1 ? open[0]! : undefined;
    const fair = left !== undefined && (!strict || question.choices[left]!.means === 'no');
    return answer(ruledSomething && fair ? left : undefined);
  }

  function excludedBy(topicId: string, question: QuestionNode, index: number): string[] {
    const topic = kb.topics.get(topicId);
    const choice = question.choices[index];
    if (!topic || !choice) return [];
    const kept = reachable(topic, choice.next);
    const others = question.choices.flatMap((c, i) => (i === index ? [] : [...reachable(topic, c.next)]));
    return [...new Set(others.filter((c) => !kept.has(c)))];
  }

  return { rulings, choose, excludedBy };
}
