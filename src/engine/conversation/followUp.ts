import type { KnowledgeBase } from '../knowledge';
import type { Cause, FixStep, GlossaryTerm, Link } from '../knowledgeSchema';
import { normalise } from '../text';

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
  explain(text: string, asked: boolean, onScreen?: Cause): Explanation | undefined;
}

const linkLine = (links: readonly Link[]) =>
  links.length ? `\n\nMore: ${links.map((l) => `[${l.title}](${l.url})`).join(', ')}` : '';

const stepText = (step: FixStep) => (typeof step === 'string' ? step : step.text);

// What a question about the fix on screen asks for, and how to find it in the fix's steps.
const ASPECTS: readonly { asks: RegExp; finds: (step: FixStep) => boolean; intro: string; most?: number }[] =
  [
    {
      asks: /\b(?:powershell|cmdlet|script|command line|graph|in bulk|automate)\b/,
      finds: (s) => typeof s !== 'string' && s.powershell !== undefined,
      intro: 'The PowerShell for it, from the fix above:',
    },
    {
      asks: /\bhow (?:do|can|would|should) (?:i|we|you) (?:check|see|verify|confirm|find out|test|tell|know)\b|\bhow to (?:check|verify|see|test|confirm)\b/,
      finds: (s) =>
        typeof s !== 'string' && s.powershell !== undefined
          ? true
          : /\b(?:netsh|setspn|nslookup|klist|w32tm|Get-\w+|Test-\w+|certutil|check|verify|confirm)\b/i.test(
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

const WHY = /^(?:\W*(?:but|and|ok|so)\W+)?(?:why|how come|what causes|what is the cause|what's the cause)\b/;

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

  /** How strongly a term is asked for: the length of its longest name found, or a pattern. */
  function strength(term: GlossaryTerm, text: string, asked: boolean): number {
    if (patterns.get(term.id)!.some((p) => p.test(text))) return 1000;
    if (!asked) return 0;
    let best = 0;
    for (const name of names.get(term.id)!) if (name.length > best && name.re.test(text)) best = name.length;
    return best;
  }

  function glossaryAnswer(text: string, asked: boolean, onScreen?: Cause): Explanation | undefined {
    let best: { term: GlossaryTerm; score: number } | undefined;
    for (const term of kb.glossary) {
      if (term.causes.length && !(onScreen && term.causes.includes(onScreen.id))) continue;
      // A term tied to the fix on screen is the more specific answer.
      const score = strength(term, text, asked) * (term.causes.length ? 2 : 1);
      if (score > 0 && (!best || score > best.score)) best = { term, score };
    }
    return best && { term: best.term.id, text: best.term.text + linkLine(best.term.links) };
  }

  /** The steps a card folded away, asked for in words ("all steps", "show me the rest"). */
  function restOf(text: string, onScreen: Cause): Explanation | undefined {
    if (!REST.test(text)) return undefined;
    const steps = onScreen.fix.steps;
    const from = stepsShown(steps.length);
    const rest = steps.slice(from).map((s, i) => {
      const n = from + i + 1;
      return typeof s === 'string' || !s.powershell
        ? `${n}. ${stepText(s)}`
        : `${n}. ${s.text}\n\n\`\`\`\n${s.powershell}\n\`\`\``;
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
      const steps = onScreen.fix.steps
        .flatMap((s, i) => (aspect.finds(s) ? [{ s, n: i + 1 }] : []))
        .slice(0, aspect.most ?? Infinity);
      if (!steps.length) continue;
      const lines = steps.map(({ s, n }) =>
        typeof s === 'string' || !s.powershell || aspect.intro.startsWith('Where')
          ? `${n}. ${stepText(s)}`
          : `${n}. ${s.text}\n\n\`\`\`\n${s.powershell}\n\`\`\``,
      );
      return { text: [aspect.intro, ...lines].join('\n\n') };
    }
    return undefined;
  }

  return {
    explain(raw, asked, onScreen) {
      const text = normalise(raw).text.slice(0, 1000);
      if (!text) return undefined;
      return (
        (onScreen ? restOf(text, onScreen) : undefined) ??
        glossaryAnswer(text, asked, onScreen) ??
        (asked && onScreen ? fixAnswer(text, onScreen) : undefined)
      );
    },
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
