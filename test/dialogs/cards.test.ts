import {
  cardToText,
  questionCard,
  type AdaptiveCard,
  type Element,
  type ShowCardAction,
} from '../../dialogs/cards';
import { FIRST_STEPS } from '../../src/engine/conversation/followUp';
import { messages } from '../../src/engine/conversation/messages';
import { loadKnowledge } from '../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../src/engine/paths';

const kb = loadKnowledge(defaultKnowledgeDir());
const all = [...kb.topics.values()].flatMap((topic) => topic.causes.map((cause) => ({ topic, cause })));
const card = (fix: (typeof all)[number], lead: string[] = []) =>
  questionCard({
    question: messages.didItWork,
    labels: [messages.yes, messages.no],
    answerFor: 'k',
    fix,
    lead,
  });
const folds = (c: AdaptiveCard): ShowCardAction[] =>
  c.body.flatMap((el: Element) =>
    el.type === 'ActionSet'
      ? el.actions.filter((a): a is ShowCardAction => a.type === 'Action.ShowCard')
      : [],
  );

describe('fix cards', () => {
  const long = all.find((f) => f.cause.fix.steps.length > FIRST_STEPS + 1)!;
  const short = all.find((f) => f.cause.fix.steps.length <= FIRST_STEPS + 1)!;

  it('show the first steps and fold the rest into "show the other steps"', () => {
    const c = card(long);
    const [fold] = folds(c);
    expect(fold?.title).toBe(messages.allSteps(long.cause.fix.steps.length - FIRST_STEPS));
    const text = cardToText(c);
    expect(text).toMatch(new RegExp(`^${FIRST_STEPS}\\. `, 'm'));
    expect(text).not.toMatch(new RegExp(`^${FIRST_STEPS + 1}\\. `, 'm'));
    // In text, the fold is a hint to type for the rest.
    expect(text).toContain('type **all steps**');
    expect(JSON.stringify(fold!.card)).toContain(`${FIRST_STEPS + 1}. `);
  });

  it('show a short fix whole', () => {
    expect(folds(card(short))).toEqual([]);
    expect(cardToText(card(short))).toMatch(new RegExp(`^${short.cause.fix.steps.length}\\. `, 'm'));
  });

  it('say the cause once and the title once', () => {
    const text = cardToText(card(long));
    expect(text.split(long.topic.title).length - 1).toBe(1);
    expect(text.split(long.cause.summary).length - 1).toBe(1);
  });

  it("show a shared cause's line for this topic", () => {
    const withContext = all.find((f) => f.cause.context)!;
    expect(cardToText(card(withContext))).toContain(withContext.cause.context!);
  });

  it('draw fenced code in a lead as monospace lines (card text has no code blocks)', () => {
    const c = card(short, ['Run this:\n```\nsetspn -X\nklist purge\n```']);
    const mono = JSON.stringify(c.body).match(/"fontType":"Monospace"/g) ?? [];
    expect(mono.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(c.body)).not.toContain('```');
  });
});

describe('check cards', () => {
  it('show the command to run as monospace lines under the question, with the buttons', () => {
    const check = kb.checks.get('outbound-reach')!;
    const c = questionCard({
      question: 'Do the outbound connections get through?',
      labels: ['A test failed', 'Both succeeded'],
      answerFor: 'k',
      details: ['Run this and paste what it prints.'],
      command: check.command,
    });
    const lines = check.command.split('\n');
    const mono = c.body.flatMap((el: Element) =>
      el.type === 'Container'
        ? el.items.filter((i) => i.type === 'TextBlock' && i.fontType === 'Monospace').map((i) => i.text)
        : [],
    );
    expect(mono).toEqual(lines);
    const text = cardToText(c);
    expect(text.indexOf('paste what it prints')).toBeLessThan(text.indexOf(lines[0]!));
    expect(c.actions?.map((a) => a.title)).toEqual(['A test failed', 'Both succeeded']);
  });
});
