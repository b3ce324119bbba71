import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { freePort, startBot, startPlayground, type Running } from '../../src/cli/playground';
import { stepsShown } from '../../src/engine/conversation/followUp';
import { messages } from '../../src/engine/conversation/messages';
import { loadKnowledge } from '../../src/engine/knowledge';
import type { Cause, FixStep, Topic } from '../../src/engine/knowledgeSchema';
import { defaultKnowledgeDir, projectRoot } from '../../src/engine/paths';
import { createRecogniser } from '../../src/engine/recogniser';
import { nodeAfter, startWalk, stepAt, type Step } from '../../src/engine/walk';

// The bot as `npm start` runs it, the Microsoft 365 Agents Playground (a Teams-like web client)
// pointed at it, and Debian's Chromium driving the Playground's UI the way a person would. What
// the UI must show is worked out from the knowledge, so the tests follow knowledge edits; what
// went over the wire is read from the Playground's own log stream (its Log Panel's feed).
// Screenshots of every step land in test-results/e2e/.

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const RESULTS = path.join(projectRoot(), 'test-results', 'e2e');
const UI_TIMEOUT_MS = 15_000;

const ERROR_TEXT =
  "Connector registration failed: Make sure you enabled Application Proxy in the Azure Management Portal and that you entered your Active Directory user name and password correctly. Error: 'One or more errors occurred.'";
const QUESTION = 'Did the sign-in window close by itself, before you could sign in?';
const ANSWER = 'Yes, by itself';
const BOT_NAME = 'Test Bot'; // the bot's name in the Playground's built-in mock data
const CHANNEL = 'My Team - General';

// --- what the knowledge says the bot should show ------------------------------------------------

const kb = loadKnowledge(defaultKnowledgeDir());
const recogniser = createRecogniser(kb);

function fixOf(step: Step): { topic: Topic; cause: Cause } {
  if (step.kind !== 'fix') throw new Error(`expected a fix, the knowledge asks "${step.question.text}"`);
  return { topic: step.topic, cause: step.cause };
}

/** The fix behind the answer `label` to the question `text`, in whichever topic asks it. */
function fixAfterAnswer(text: string, label: string): { topic: Topic; cause: Cause } {
  for (const topic of kb.topics.values())
    for (const node of Object.values(topic.tree.nodes)) {
      if (node.type === 'fix' || node.text !== text) continue;
      const choice = node.choices.find((c) => c.label === label);
      const after = choice && nodeAfter(choice);
      if (after) return fixOf(stepAt(kb, topic.id, after));
    }
  throw new Error(`no topic asks "${text}" with the answer "${label}"`);
}

/** Where the bot goes for a message it should recognise outright, as the dialog decides it. */
function firstStepFor(message: string): Step {
  const r = recogniser.recognise(message);
  if (r.decision !== 'match') throw new Error(`"${message}" is not recognised (${r.decision})`);
  return startWalk(kb, r.topic, r.cause?.cause);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The first words of a fix step as the card shows them (its Markdown rendered, so no ** or `). */
function stepStart(step: FixStep): string {
  const text = typeof step === 'string' ? step : step.text;
  return squash(text.replace(/[*_`]/g, '')).split(' ').slice(0, 8).join(' ');
}

/**
 * The card shows the first steps; the rest unfold, in the client, from its "show the other
 * steps" button (Action.ShowCard).
 */
async function expectAllSteps(fix: Locator, cause: Cause): Promise<void> {
  const steps = cause.fix.steps;
  const first = stepsShown(steps.length);
  const before = squash(await fix.innerText());
  for (const step of steps.slice(0, first)) expect(before).toContain(stepStart(step));
  if (first === steps.length) return;
  for (const step of steps.slice(first)) expect(before).not.toContain(stepStart(step));
  await fix.getByRole('button', { name: messages.allSteps(steps.length - first), exact: true }).click();
  await fix.getByText(stepStart(steps[first]!), { exact: false }).first().waitFor();
  const after = squash(await fix.innerText());
  for (const step of steps) expect(after).toContain(stepStart(step));
}

// --- the running pieces -------------------------------------------------------------------------

let bot: Running | undefined;
let playground: Running | undefined;
let browser: Browser | undefined;
// One browser context (a tall window, so a whole fix card fits in a screenshot), a tab per test.
let context: BrowserContext | undefined;
const pages: Page[] = [];
const processOutput: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const keep = (tag: string) => (line: string) => processOutput.push(`[${tag}] ${line}`);
  bot = await startBot({ port: await freePort(), logLevel: 'warn', output: keep('bot') });
  playground = await startPlayground({
    endpoint: bot.url,
    port: 0,
    logFile: path.join(RESULTS, 'playground.log'),
    output: keep('playground'),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  context = await browser.newContext({ viewport: { width: 1400, height: 1900 } });
  // The Playground asks a CDN for fonts; the test runs offline, so those requests fail at once.
  await context.route(
    (url) => !['localhost', '127.0.0.1'].includes(url.hostname),
    (route) => route.abort(),
  );
}, 90_000);

afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.close().catch(() => undefined)));
});

afterAll(async () => {
  // Each one is stopped even if another fails to stop.
  await Promise.allSettled([browser?.close(), playground?.stop(), bot?.stop()]);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'processes.log'), processOutput.join('\n') + '\n');
}, 30_000);

/** An activity as the Playground logs it, with who sent it. */
interface Logged {
  readonly direction: 'to-bot' | 'from-bot';
  readonly activity: {
    type?: string;
    id?: string;
    text?: string;
    value?: Record<string, unknown>;
    replyToId?: string;
    recipient?: { id?: string };
    conversation?: { id?: string; conversationType?: string };
    entities?: { type?: string; text?: string; mentioned?: { id?: string } }[];
    channelData?: { teamsChannelId?: string; teamsTeamId?: string };
  };
}

/** A fresh tab on the Playground, offline, with the Playground's wire log collected. */
async function openPlayground(): Promise<{ page: Page; wire: Logged[] }> {
  const page = await context!.newPage();
  pages.push(page);
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const wire: Logged[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      let frame: { logAction?: string; log?: { from?: string; request?: { body?: unknown } } };
      try {
        frame = JSON.parse(String(payload));
      } catch {
        return;
      }
      const body = frame.log?.request?.body;
      if (frame.logAction !== 'appendLog' || !body || typeof body !== 'object') return;
      wire.push({
        direction: frame.log?.from === 'User Application' ? 'from-bot' : 'to-bot',
        activity: body as Logged['activity'],
      });
    }),
  );
  await page.goto(playground!.url);
  await page.getByRole('textbox').first().waitFor();
  return { page, wire };
}

/**
 * Runs named steps, taking a screenshot after each one; on a failure, a screenshot of the page as
 * it was then, named after the step that failed.
 */
async function inSteps(
  page: Page,
  prefix: string,
  body: (step: (name: string, run: () => Promise<void>) => Promise<void>) => Promise<void>,
): Promise<void> {
  let current = 'opening';
  const shot = (name: string) => page.screenshot({ path: path.join(RESULTS, `${prefix}-${name}.png`) });
  try {
    await body(async (name, run) => {
      current = name;
      await run();
      await shot(name);
    });
  } catch (err) {
    await shot(`FAILED-at-${current}`).catch(() => undefined);
    throw err;
  }
}

/** An Adaptive Card (as the Playground renders it) that contains `text`. */
const cardWith = (scope: Page | Locator, text: string) =>
  scope.locator('.ac-adaptiveCard', { hasText: text });

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- the tests ----------------------------------------------------------------------------------

test('personal chat: a pasted error, its question card, a button click, the fix card', async () => {
  const expected = fixAfterAnswer(QUESTION, ANSWER);
  const { page, wire } = await openPlayground();

  await inSteps(page, 'personal', async (step) => {
    await step('1-welcome', async () => {
      await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
      await page.locator('p', { hasText: 'I troubleshoot' }).first().waitFor();
    });

    await step('2-question-card', async () => {
      const box = page.getByRole('textbox');
      await box.click();
      await box.fill(ERROR_TEXT);
      await box.press('Enter');
      const question = cardWith(page, QUESTION);
      await question.waitFor();
      await page.locator('p', { hasText: `This looks like: ${expected.topic.title}` }).waitFor();
      expect(
        await question.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.textContent)),
      ).toContain(ANSWER);
    });

    await step('3-fix-card', async () => {
      await cardWith(page, QUESTION).getByRole('button', { name: ANSWER, exact: true }).click();
      const fix = cardWith(page, 'Likely cause');
      await fix.waitFor();
      const shown = squash(await fix.innerText());
      expect(shown).toContain(expected.topic.title);
      expect(shown).toContain(`Likely cause: ${squash(expected.cause.summary)}`);
      await expectAllSteps(fix, expected.cause);
      // Action.OpenUrl buttons are links to the documentation.
      for (const link of expected.cause.fix.links)
        await fix.getByRole('link', { name: link.title, exact: true }).waitFor();
      // The answered question lost its buttons and shows the answer (the bot updated that card).
      const answered = cardWith(page, QUESTION);
      await answered.getByText(`✔ ${ANSWER}`).waitFor();
      expect(await answered.getByRole('button').count()).toBe(0);
      await cardWith(page, 'Did that fix it?').waitFor();
    });
  });

  // The click reached the bot as Teams sends an Action.Submit: a message with the button's data.
  const submit = wire.find((w) => w.direction === 'to-bot' && w.activity.value?.label === ANSWER);
  expect(submit?.activity.type).toBe('message');
  expect(submit?.activity.value).toEqual(expect.objectContaining({ choice: 0, label: ANSWER }));
  expect(submit?.activity.conversation?.conversationType).toBe('personal');
});

test('team channel: an @mention with "13020" is answered in the post\'s thread', async () => {
  const expected = fixOf(firstStepFor('13020'));
  const { page, wire } = await openPlayground();

  await inSteps(page, 'channel', async (step) => {
    await step('1-mention-typed', async () => {
      await page.getByRole('treeitem', { name: CHANNEL }).click();
      await page.getByText('Start a new post').waitFor();
      const newPost = page.getByRole('textbox').first();
      await newPost.click();
      await page.keyboard.type(`@${BOT_NAME.slice(0, 4)}`);
      await page.getByRole('menuitem', { name: BOT_NAME }).click();
      await page.keyboard.type(' 13020');
      await newPost.getByText(BOT_NAME).waitFor();
    });

    await step('2-reply-in-thread', async () => {
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      // A channel post and its replies are one card (role "group") in the Playground, as in Teams.
      const thread = page.getByRole('group').filter({ hasText: new RegExp(`${BOT_NAME}\\s*13020`) });
      const fix = cardWith(thread, 'Likely cause');
      await fix.waitFor();
      expect(await thread.count()).toBe(1);
      const shown = squash(await fix.innerText());
      // The fix card names the topic itself; no lead says it again.
      expect(shown.split(expected.topic.title).length - 1).toBe(1);
      expect(shown).toContain(`Likely cause: ${squash(expected.cause.summary)}`);
      await expectAllSteps(fix, expected.cause);
      // Nothing was posted as a new top-level post instead: only this thread holds a fix.
      expect(
        await page
          .getByRole('group')
          .filter({ has: cardWith(page, 'Likely cause') })
          .count(),
      ).toBe(1);
    });
  });

  // On the wire: a Teams channel message in a thread, mentioning the bot; every reply went to
  // that same thread (the conversation id with ";messageid=").
  const mention = wire.find((w) => w.direction === 'to-bot' && /13020/.test(w.activity.text ?? ''));
  expect(mention).toBeDefined();
  const incoming = mention!.activity;
  expect(incoming.conversation?.conversationType).toBe('channel');
  expect(incoming.conversation?.id).toMatch(/;messageid=/);
  expect(incoming.channelData?.teamsChannelId).toBeTruthy();
  expect(incoming.entities).toContainEqual(
    expect.objectContaining({
      type: 'mention',
      text: `<at>${BOT_NAME}</at>`,
      mentioned: expect.objectContaining({ id: incoming.recipient?.id }),
    }),
  );
  // One message per turn: what the bot understood and the fix, in one card.
  const replies = await until('the replies in the log', () => {
    const found = wire.filter((w) => w.direction === 'from-bot' && w.activity.replyToId === incoming.id);
    return found.length >= 1 ? found : undefined;
  });
  expect(replies).toHaveLength(1);
  for (const reply of replies) expect(reply.activity.conversation?.id).toBe(incoming.conversation?.id);
});
