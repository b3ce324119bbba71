import { createFeatureExtractor } from '../features';
import type { KnowledgeBase } from '../knowledge';
import type { Cause, FixStep, GlossaryTerm, Link } from '../knowledgeSchema';
import { lowerFirst, normalise } from '../text';

// Answers to the questions people ask mid-troubleshooting: what a term means (the glossary), and
// what the fix on screen says about where, how and why (its portal steps, its PowerShell, its
// cause). Knowledge only: nothing here is made up on the spot.

export interface Explanation {
  /** The glossary term answered, if the answer is one. */
  readonly term?: string;
  readonly text: string;
}

export interface FollowUps {
  /**
   * The answer to a follow-up question, or undefined when the knowledge has none. `onScreen` is
   * the fix being tried, which narrows some terms and answers "where is that?" questions.
   * `asked` says the message reads as a question; without it only a term's patterns count.
   */
  explain(text: string, asked: boolean, onScreen?: Cause, inPlay?: readonly Cause[]): Explanation | undefined;
}

// Words of a question that say what kind of answer is wanted, not what it is about: they find no
// step ("where do I change that?" is about whatever "that" is).
const ASKING_WORDS = new Set(
  'how where which what when why who exact exactli actual actual chang set find check get make need step fix thing do doe done can could should would pleas tell show mean use see look run'.split(
    ' ',
  ),
);
// A step must share at least this much rare vocabulary with the question to be its answer.
const MIN_STEP_SCORE = 4;

const linkLine = (links: readonly Link[]) =>
  links.length ? `\n\nMore: ${links.map((l) => `[${l.title}](${l.url})`).join(', ')}` : '';

const stepText = (step: FixStep) => (typeof step === 'string' ? step : step.text);
const stepWithCode = (step: FixStep, n: number) =>
  typeof step === 'string' || !step.powershell
    ? `${n}. ${stepText(step)}`
    : `${n}. ${step.text}\n\n\`\`\`\n${step.powershell}\n\`\`\``;

// What a question about the fix on screen asks for, and how to find it in the fix's steps.
const ASPECTS: readonly { asks: RegExp; finds: (step: FixStep) => boolean; intro: string; most?: number }[] =
  [
    {
      asks: /\b(?:powershell|cmdlet|script|command line|graph|in bulk|automate|(?:exact|which|what) command|the command|commands?\b.{0,20}\b(?:run|type|use))\b/,
      finds: (s) => typeof s !== 'string' && s.powershell !== undefined,
      intro: 'The PowerShell for it, from the fix above:',
    },
    {
      asks: /\bhow (?:do|can|would|should) (?:i|we|you) (?:check|see|verify|confirm|find out|test|tell|know)\b|\bhow to (?:check|verify|see|test|confirm)\b/,
      finds: (s) =>
        typeof s !== 'string' && s.powershell !== undefined
          ? true
          : /\b(?:netsh|setspn|nslookup|klist|w32tm|Get-\w+|Test-\w+|certutil|check|verify|confirm|Event Viewer|session log|admin log)\b/i.test(
              stepText(s),
            ),
      intro: 'How to check, from the fix above:',
      most: 2,
    },
    {
      asks: /\b(?:registry|reg key|regedit|dword|value (?:is )?called|called exactly|which (?:key|value))\b/,
      finds: (s) =>
        /\b(?:registry|HKLM|HKEY_|reg add|DWORD|Set-ItemProperty|New-ItemProperty)\b/i.test(
          stepText(s) + (typeof s === 'string' ? '' : (s.powershell ?? '')),
        ),
      intro: 'The registry setting, from the fix above:',
    },
    {
      asks: /\b(?:portal|admin cent(?:er|re)|where (?:is|do|can|in|are|would)|which (?:page|blade|menu|tab)|find (?:it|that|this|the setting))\b/,
      // A step that names a console, or walks a menu path ("Enterprise apps > the app > Users and groups").
      finds: (s) =>
        /\b(?:admin cent(?:er|re)|portal|enterprise app|application proxy page|Global Secure Access|services\.msc|Event Viewer|registry)\b|\S > \S|^(?:Open|Select|Go to|Choose|Under) /i.test(
          stepText(s),
        ),
      intro: 'Where to find it, from the fix above:',
    },
  ];

/** How many steps of a fix are shown at first; the rest unfold in the card or on request. */
export const FIRST_STEPS = 3;
// One more step than the first few isn't worth a fold.
export const stepsShown = (steps: number): number => (steps > FIRST_STEPS + 1 ? FIRST_STEPS : steps);

const REST =
  /\b(?:all (?:the )?steps|the rest|rest of (?:the )?(?:steps|fix)|more steps|other steps|remaining steps|full (?:fix|steps)|show (?:me )?(?:all|more|the rest|everything)|next steps|what else)\b/;

// A question about what a word means, rather than one that only uses it.
const DEFINING =
  /\b(?:what(?:'s| is| are| does| do)|whats|meaning|mean|means|stand for|stands for|explain|define|definition|never heard)\b/;

const strip = ({ term, text }: Explanation): Explanation => (term ? { term, text } : { text });

// A question word shortly before a term's name: that term is what is asked about.
const ASKED_ABOUT =
  /(?:^|[,.;:!?] |\b(?:and|but|so|also|then) )(?:what|whats|which|where|how many|how much|how (?:(?:do|can|should|would) (?:i|we|you)|to) (?:check|verify|see|test|find|fix|set|enable|change|turn on)(?: for| on)?)(?: (?:is|are|does|do|the|a|an|my|our|i|we|can|find|get|see|exactly|of))* ?$/;
const FOCUS_CHARS = 30;
// ...unless a noun follows that is the real subject: "which connector version do I need?"
const OF_IT =
  /^ (?:versions?|builds?|updates?|updater|services?|servers?|logs?|settings?|accounts?|certificates?|names?|values?|records?|types?|status)\b/;
const FOCUS_BONUS = 50;

const WHY =
  /^(?:\W*(?:but|and|ok|so|hmm|sorry)\W+)?(?:why|how come|what causes|what is the cause|what's the cause)\b|\b(?:got|have|has) (?:\w+ )?to do with (?:it|this|that|the (?:problem|issue|error)|kerberos|sso|single sign-on)\b|\bhow (?:is|are|does|would) (?:that|this|it|\S+) (?:even )?(?:related|relevant|connected|matter)\b|\bwhat does (?:that|this|it|\S+) (?:even )?(?:matter|change)\b/;

export function createFollowUps(kb: KnowledgeBase): FollowUps {
  const patterns = new Map<string, RegExp[]>(
    kb.glossary.map((t) => [t.id, t.patterns.map((p) => new RegExp(p, 'i'))]),
  );
  // Whole words of the normalised message: "port" is not found in "support".
  const names = new Map<string, { length: number; re: RegExp }[]>(
    kb.glossary.map((t) => [
      t.id,
      t.names
        .map((n) => normalise(n).text)
        .filter(Boolean)
        .map((n) => ({ length: n.length, re: new RegExp(`(?:^|[^a-z0-9])${escape(n)}(?:$|[^a-z0-9])`) })),
    ]),
  );

  // Every fix step as stems, with how rare each stem is across all steps: a question that shares
  // rare words with one step ("where do I change that timeout?") is answered by that step.
  const features = createFeatureExtractor(kb.lexicon);
  const stemsOf = (text: string) => new Set(features.stems(normalise(text).text));
  const stepStems = new Map<FixStep, Set<string>>();
  const documents = new Map<string, number>();
  for (const topic of kb.topics.values())
    for (const cause of topic.causes)
      for (const step of cause.fix.steps) {
        if (stepStems.has(step)) continue;
        const stems = stemsOf(stepText(step) + (typeof step === 'string' ? '' : ` ${step.powershell ?? ''}`));
        stepStems.set(step, stems);
        for (const w of stems) documents.set(w, (documents.get(w) ?? 0) + 1);
      }
  const idf = (w: string) => Math.log((stepStems.size + 1) / ((documents.get(w) ?? 0) + 1));

  /** The question's stems that can find a step: in some step, and not just asking words. */
  const wantedStems = (text: string) =>
    [...stemsOf(text)].filter((w) => !ASKING_WORDS.has(w) && documents.has(w));
  /** How much rare vocabulary a step shares with the question. */
  const overlap = (step: FixStep, wanted: readonly string[]) => {
    const stems = stepStems.get(step);
    return stems ? wanted.reduce((n, w) => n + (stems.has(w) ? idf(w) : 0), 0) : 0;
  };

  function stepAnswer(text: string, causes: readonly Cause[]): Explanation | undefined {
    const wanted = wantedStems(text);
    if (!wanted.length) return undefined;
    let best: { cause: Cause; step: FixStep; n: number; score: number } | undefined;
    for (const cause of causes)
      cause.fix.steps.forEach((step, i) => {
        if (!stepStems.has(step)) return;
        const score = overlap(step, wanted);
        // Ties go to the earlier cause (the one on screen, or the likelier).
        if (score > (best?.score ?? 0)) best = { cause, step, n: i + 1, score };
      });
    if (!best || best.score < MIN_STEP_SCORE) return undefined;
    const intro =
      causes.length === 1
        ? 'From the fix above:'
        : `That's part of the fix for one of the likely causes (${lowerFirst(best.cause.summary.replace(/\.$/, ''))}):`;
    return { text: [intro, stepWithCode(best.step, best.n)].join('\n\n') + linkLine(best.cause.fix.links) };
  }

  /** How strongly a term is asked for: the length of its longest name found, or a pattern. */
  function strength(term: GlossaryTerm, text: string, asked: boolean): number {
    if (patterns.get(term.id)!.some((p) => p.test(text))) return 1000;
    if (!asked) return 0;
    let best = 0;
    for (const name of names.get(term.id)!) {
      const at = name.re.exec(text)?.index;
      if (at === undefined) continue;
      // The term the question is about comes right after its question word ("which ports does the
      // connector need?" asks about ports): it wins over a longer name said along the way.
      const focus =
        ASKED_ABOUT.test(text.slice(Math.max(0, at - FOCUS_CHARS), at + 1)) &&
        !OF_IT.test(text.slice(at + 1 + name.length))
          ? FOCUS_BONUS
          : 0;
      best = Math.max(best, name.length + focus);
    }
    return best;
  }

  function glossaryAnswer(
    text: string,
    asked: boolean,
    onScreen?: Cause,
  ): (Explanation & { byName: boolean; focused: boolean }) | undefined {
    let best: { term: GlossaryTerm; score: number } | undefined;
    for (const term of kb.glossary) {
      if (term.causes.length && !(onScreen && term.causes.includes(onScreen.id))) continue;
      // A term tied to the fix on screen is the more specific answer.
      const score = strength(term, text, asked) * (term.causes.length ? 2 : 1);
      if (score > 0 && (!best || score > best.score)) best = { term, score };
    }
    return (
      best && {
        term: best.term.id,
        text: best.term.text + linkLine(best.term.links),
        byName: best.score < 1000,
        focused: best.score >= FOCUS_BONUS && best.score < 1000,
      }
    );
  }

  /** The steps a card folded away, asked for in words ("all steps", "show me the rest"). */
  function restOf(text: string, onScreen: Cause): Explanation | undefined {
    if (!REST.test(text)) return undefined;
    const steps = onScreen.fix.steps;
    const from = stepsShown(steps.length);
    const rest = steps.slice(from).map((s, i) => {
      return stepWithCode(s, from + i + 1);
    });
    return {
      text: rest.length
        ? ['The other steps:', ...rest].join('\n\n')
        : 'That was the whole fix: every step is above.',
    };
  }

  function fixAnswer(text: string, onScreen: Cause): Explanation | undefined {
    if (WHY.test(text))
      return { text: `The likely cause: ${onScreen.summary}${linkLine(onScreen.fix.links)}` };
    for (const aspect of ASPECTS) {
      if (!aspect.asks.test(text)) continue;
      const found = onScreen.fix.steps.flatMap((s, i) => (aspect.finds(s) ? [{ s, n: i + 1 }] : []));
      // More candidates than are shown: the ones sharing the question's rarer words, in fix order.
      let steps = found;
      if (aspect.most && found.length > aspect.most) {
        const wanted = wantedStems(text);
        steps = found
          .map((f) => ({ ...f, score: overlap(f.s, wanted) }))
          .sort((a, b) => b.score - a.score || a.n - b.n)
          .slice(0, aspect.most)
          .sort((a, b) => a.n - b.n);
      }
      if (!steps.length) continue;
      const lines = steps.map(({ s, n }) =>
        aspect.intro.startsWith('Where') ? `${n}. ${stepText(s)}` : stepWithCode(s, n),
      );
      return { text: [aspect.intro, ...lines].join('\n\n') };
    }
    return undefined;
  }

  return {
    explain(raw, asked, onScreen, inPlay = []) {
      const text = normalise(raw).text.slice(0, 1000);
      if (!text) return undefined;
      const rest = onScreen ? restOf(text, onScreen) : undefined;
      if (rest) return rest;
      // "Why would that matter?", "what has HTTP/2 got to do with Kerberos?": about the fix on
      // screen, whatever terms it names.
      if (asked && onScreen && WHY.test(text)) return fixAnswer(text, onScreen);
      const term = glossaryAnswer(text, asked, onScreen);
      const steps = () =>
        (asked && onScreen ? fixAnswer(text, onScreen) : undefined) ??
        (asked ? stepAnswer(text, onScreen ? [onScreen] : inPlay) : undefined);
      // A term only named in a question about something else ("is there a log of what the
      // connector sends?"): the step that answers it comes before the term's definition.
      // (Unless the question is about the term itself: "where do I find the tenant ID?")
      if (term?.byName && !term.focused && !DEFINING.test(text)) return steps() ?? strip(term);
      return term ? strip(term) : steps();
    },
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
