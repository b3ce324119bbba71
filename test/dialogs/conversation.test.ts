import type { Activity } from 'botbuilder';
import {
  blockText,
  CARD_IDS,
  cardToText,
  fixCauseOf,
  submitActionsOf,
  type AdaptiveCard,
  type SubmitAction,
} from '../../dialogs/cards';
import { AREA_LABELS, messages } from '../../dialogs/messages';
import { createBotApp } from '../../src/app';
import { DirectClient } from '../../src/directClient';
import { MAX_ANALYSED_CHARS } from '../../src/engine/text';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { ETagTrackingStorage } from '../../src/storage/eTagTrackingStorage';
import { nodeAfter, pathToCause, pathToTopic } from '../../src/engine/walk';

// Transcripts through the real adapter and dialogs, in-process (expectReplies).

const app = createBotApp();
let conversations = 0;
const newChat = (channelId = 'test') =>
  new DirectClient({
    adapter: app.adapter,
    runTurn: app.runTurn,
    channelId,
    conversationId: `t-${++conversations}`,
  });

const cardsOf = (replies: Partial<Activity>[]): AdaptiveCard[] =>
  replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as AdaptiveCard));
const textOf = (replies: Partial<Activity>[]): string =>
  replies.map((r) => [r.text ?? '', ...cardsOf([r]).map(cardToText)].join('\n')).join('\n');
const buttonsOf = (replies: Partial<Activity>[]): SubmitAction[] => cardsOf(replies).flatMap(submitActionsOf);
const lastQuestion = (replies: Partial<Activity>[]) => {
  const cards = cardsOf(replies).filter((c) => submitActionsOf(c).length > 0);
  const card = cards[cards.length - 1];
  return card && blockText(card, CARD_IDS.question);
};
const clickLabel = async (chat: DirectClient, replies: Partial<Activity>[], label: string) => {
  const button = buttonsOf(replies).find((b) => b.title === label);
  if (!button) throw new Error(`no button '${label}' in:\n${textOf(replies)}`);
  return chat.click(button.data);
};

const topics = [...app.kb.topics.values()];
/** Opens a conversation about a topic: its own error text, or the menu when it has none. */
async function openTopic(chat: DirectClient, topicId: string): Promise<Partial<Activity>[]> {
  const topic = app.kb.topics.get(topicId)!;
  const { texts, codes, eventIds, onlyWith } = topic.signatures;
  const signature = texts[0] ?? codes[0] ?? (eventIds[0] !== undefined ? `event ${eventIds[0]}` : undefined);
  // An error text that itself tells the cause (a CORS message) skips the question: use the menu.
  const tellsCause =
    signature !== undefined && app.recogniser.detectCause(topicId, signature)?.reason === 'cue';
  if (signature && !tellsCause) {
    const replies = await chat.say(onlyWith ? `while registering the connector: ${signature}` : signature);
    // An error text that answers the first question too ("CORS") gets it skipped: use the menu.
    const first = startQuestion(topicId);
    if (!first || lastQuestion(replies) === first) return replies;
  }
  const menu = await chat.say('menu');
  const areaLabel = AREA_LABELS[topic.area];
  return clickLabel(chat, await clickLabel(chat, menu, areaLabel), topic.label);
}

const startQuestion = (topicId: string): string | undefined => {
  const tree = app.kb.topics.get(topicId)!.tree;
  const node = tree.nodes[tree.start]!;
  return node.type !== 'fix' ? node.text : undefined;
};

describe('every topic and cause, answered with buttons and by typing', () => {
  const paths = topics.flatMap((t) => t.causes.map((c) => [t.id, c.id] as const));

  it.each(paths)('%s → %s with button clicks', async (topicId, causeId) => {
    const topic = app.kb.topics.get(topicId)!;
    const chat = newChat();
    let replies = await openTopic(chat, topicId);
    // Named as it is recognised, or as the title of the fix shown straight away.
    expect(textOf(replies)).toContain(topic.title);
    let node = topic.tree.start;
    for (const choice of pathToCause(topic, causeId)!) {
      const question = topic.tree.nodes[node]!;
      if (question.type === 'fix') throw new Error('expected a question');
      expect(lastQuestion(replies)).toBe(question.text);
      replies = await clickLabel(chat, replies, question.choices[choice]!.label);
      node = nodeAfter(question.choices[choice]!)!;
    }
    const cause = topic.causes.find((c) => c.id === causeId)!;
    expect(textOf(replies)).toContain(cause.summary);
    expect(lastQuestion(replies)).toBe(messages.didItWork);
  });

  it.each(paths)('%s → %s with typed answers', async (topicId, causeId) => {
    const topic = app.kb.topics.get(topicId)!;
    const chat = newChat();
    let replies = await openTopic(chat, topicId);
    let node = topic.tree.start;
    for (const choice of pathToCause(topic, causeId)!) {
      const question = topic.tree.nodes[node]!;
      if (question.type === 'fix') throw new Error('expected a question');
      // The option's number, as a user of a text-only client would type it.
      replies = await chat.say(String(choice + 1));
      node = nodeAfter(question.choices[choice]!)!;
    }
    expect(textOf(replies)).toContain(topic.causes.find((c) => c.id === causeId)!.summary);
  });
});

describe('typed answers', () => {
  const start = async () => {
    const chat = newChat();
    const replies = await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    expect(lastQuestion(replies)).toBe('Did the sign-in window close by itself, before you could sign in?');
    return chat;
  };

  it.each([
    ['yep', 'network-blocked'],
    ['Yes!', 'network-blocked'],
    ['it closed right away', 'network-blocked'],
    ['nope', 'sign-in-window-closed'],
    ['no, I closed it myself', 'sign-in-window-closed'],
    ['2', 'sign-in-window-closed'],
  ])('"%s" picks %s', async (answer, causeId) => {
    const chat = await start();
    const summary = app.kb.topics
      .get('registration-one-or-more-errors')!
      .causes.find((c) => c.id === causeId)!.summary;
    expect(textOf(await chat.say(answer))).toContain(summary);
  });

  it('asks again, politely, when an answer picks no option', async () => {
    const chat = await start();
    const replies = await chat.say('purple');
    expect(textOf(replies)).toContain(messages.retryInOwnWords);
    expect(lastQuestion(replies)).toBe('Did the sign-in window close by itself, before you could sign in?');
  });

  it('skips the question when the first message already says the cause', async () => {
    const chat = newChat();
    const replies = await chat.say(
      'connector registration: the sign-in popup flashed and vanished on its own before I could type anything, then one or more errors occurred',
    );
    const topic = app.kb.topics.get('registration-one-or-more-errors')!;
    const text = textOf(replies);
    expect(text).toContain(topic.causes.find((c) => c.id === 'network-blocked')!.summary);
    expect(text).not.toContain(startQuestion(topic.id)!);
    expect(lastQuestion(replies)).toBe(messages.didItWork);
  });
});

describe('interruptions', () => {
  const midQuestion = async () => {
    const chat = newChat();
    await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    return chat;
  };

  it('"help" shows the topic menu, not the whole introduction again', async () => {
    const replies = await newChat().say('help');
    expect(lastQuestion(replies)).toBe(messages.menuQuestion);
    expect(textOf(replies)).not.toContain(messages.intro.slice(0, 60));
  });

  it('"cancel" on the first turn says there is nothing to cancel', async () => {
    expect(textOf(await newChat().say('cancel'))).toContain(messages.nothingToCancel);
  });

  it.each(['cancel', 'stop', 'Stop please'])('"%s" during a question stops the flow', async (word) => {
    const chat = await midQuestion();
    expect(textOf(await chat.say(word))).toContain(messages.cancelled);
    // The old question is gone: "yes" is now read as a new message, not an answer.
    expect(textOf(await chat.say('yes'))).not.toContain('Likely cause');
  });

  it.each(['start over', 'restart'])('"%s" during a question starts again', async (word) => {
    const chat = await midQuestion();
    const replies = await chat.say(word);
    expect(textOf(replies)).toContain(messages.restarted);
    expect(buttonsOf(replies)).toHaveLength(0);
  });

  it.each(['menu', 'help'])(
    '"%s" during a question shows the menu, and the menu leads to a fix',
    async (word) => {
      const chat = await midQuestion();
      let replies = await chat.say(word);
      expect(lastQuestion(replies)).toBe(messages.menuQuestion);
      replies = await clickLabel(chat, replies, 'Kerberos single sign-on');
      replies = await clickLabel(chat, replies, 'Event 13020: SPN not defined');
      expect(textOf(replies)).toContain(app.kb.topics.get('kerberos-13020')!.causes[0]!.summary);
    },
  );

  it('a different error typed during a question starts troubleshooting that error', async () => {
    const chat = await midQuestion();
    const replies = await chat.say('actually now it says AADSTS50059');
    expect(textOf(replies)).toContain(app.kb.topics.get('registration-no-tenant')!.title);
  });

  it('a click on a card from an earlier question is ignored with a note', async () => {
    const chat = newChat();
    const first = await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    const oldButton = buttonsOf(first)[0]!;
    await chat.click(oldButton.data); // answers the question: a fix and "did that fix it?"
    const replies = await chat.click(oldButton.data);
    expect(textOf(replies)).toContain(messages.staleClick);
    expect(lastQuestion(replies)).toBe(messages.didItWork);
  });
});

describe('when the problem is unclear or not ours', () => {
  it('asks which topic when a message fits several, and "None of these" asks to rephrase', async () => {
    const chat = newChat();
    let replies = await chat.say('app proxy is broken');
    expect(lastQuestion(replies)).toBe(messages.whichTopic);
    expect(buttonsOf(replies).map((b) => b.title)).toContain(messages.noneOfThese);
    replies = await clickLabel(chat, replies, messages.noneOfThese);
    expect(textOf(replies)).toContain(messages.rephrase);
  });

  it('keeps no more of a long unclear message than the cause cues read, for after the pick', async () => {
    const memory = new BoundedMemoryStorage();
    const own = createBotApp({
      store: { storage: new ETagTrackingStorage(memory), lock: undefined, ping: async () => undefined },
    });
    const chat = new DirectClient({ adapter: own.adapter, runTurn: own.runTurn, channelId: 'test' });
    const replies = await chat.say(`app proxy is broken${' -'.repeat(50_000)}`);
    expect(lastQuestion(replies)).toBe(messages.whichTopic);
    expect(memory.byteCount).toBeGreaterThan(2_000);
    expect(memory.byteCount).toBeLessThan(MAX_ANALYSED_CHARS / 2);
  });

  it('picking a topic from the choices goes on to its questions', async () => {
    const chat = newChat();
    const replies = await chat.say('app proxy is broken');
    expect(lastQuestion(await clickLabel(chat, replies, 'General connector checks'))).toBe(
      startQuestion('connector-health'),
    );
  });

  it('says what it covers, and offers the menu after two misses in a row', async () => {
    const chat = newChat();
    expect(textOf(await chat.say('how do I bake sourdough bread?'))).toContain(messages.outOfScope);
    const second = await chat.say('and what about pizza dough?');
    expect(textOf(second)).toContain(messages.outOfScopeAgain);
    expect(lastQuestion(second)).toBe(messages.menuQuestion);
  });

  it('answers a greeting with the intro and thanks with a short reply', async () => {
    const chat = newChat();
    expect(textOf(await chat.say('hi'))).toContain('Paste the error text');
    expect(textOf(await chat.say('thanks!'))).toContain(messages.thanks);
  });

  it('names a neighbouring product and links its own troubleshooting instead of giving a fix', async () => {
    const replies = await newChat().say(
      'Register-AzureADPasswordProtectionProxy -AccountUpn admin@contoso.com fails on the member server',
    );
    const neighbour = app.kb.neighbours.find((n) => n.id === 'password-protection-proxy')!;
    expect(textOf(replies)).toContain(messages.neighbour(neighbour.product, neighbour.why, neighbour.links));
    expect(buttonsOf(replies)).toEqual([]);
  });

  it('keeps a message about both products, an AD FS farm published through app proxy, as ours', async () => {
    const replies = await newChat().say(
      "We publish our AD FS farm through Entra application proxy and users now get This corporate app can't be accessed, Status Code: GatewayTimeout",
    );
    expect(textOf(replies)).toContain(app.kb.topics.get('status-gateway-timeout')!.title);
  });

  it('points a how-to or pricing question to the documentation', async () => {
    const replies = await newChat().say('how much does application proxy cost for 200 users?');
    expect(textOf(replies)).toContain(messages.notAProblem(app.kb.outOfScope.notAProblem.links));
  });

  it('"not sure" at "which of these?" takes the general checks when they are offered', async () => {
    const chat = newChat();
    const asked = await chat.say('app proxy is broken');
    expect(buttonsOf(asked).map((b) => b.title)).toContain('General connector checks');
    expect(lastQuestion(await chat.say('not sure'))).toBe(startQuestion('connector-health'));
  });

  it('"no" at "which of these?" means none of them', async () => {
    const chat = newChat();
    const asked = await chat.say('app proxy is broken');
    expect(lastQuestion(asked)).toBe(messages.whichTopic);
    expect(textOf(await chat.say('no'))).toContain(messages.rephrase);
  });

  it('says an undocumented look-alike error is not covered', async () => {
    const replies = await newChat().say(
      "This corporate app can't be accessed right now. Please try again later... ConnectorError:SslHandshakeFailed",
    );
    expect(textOf(replies)).toContain(messages.outOfScopeForeign);
  });
});

describe('triage: the page with no status code', () => {
  const triage = app.kb.topics.get('cannot-be-accessed')!;
  const triageQuestion = startQuestion('cannot-be-accessed');

  it.each(app.kb.triage.get('cannot-be-accessed')!.map((t) => [t]))(
    'the answer that names %s goes on with that topic',
    async (target) => {
      const chat = newChat();
      const asked = await chat.say("This corporate app can't be accessed.");
      expect(lastQuestion(asked)).toBe(triageQuestion);
      let replies = asked;
      let node = triage.tree.start;
      for (const choice of pathToTopic(triage, target)!) {
        const question = triage.tree.nodes[node]!;
        if (question.type === 'fix') throw new Error('expected a question');
        replies = await clickLabel(chat, replies, question.choices[choice]!.label);
        node = nodeAfter(question.choices[choice]!) ?? node;
      }
      expect(textOf(replies)).toContain(app.kb.topics.get(target)!.title);
    },
  );

  it("takes the status typed in the user's words", async () => {
    const chat = newChat();
    await chat.say("This corporate app can't be accessed.");
    const replies = await chat.say('it says bad gateway');
    expect(textOf(replies)).toContain(app.kb.topics.get('status-bad-gateway')!.title);
  });

  it('keeps the first answer in the case summary after the jump', async () => {
    const chat = newChat();
    await chat.say("This corporate app can't be accessed.");
    let replies = await chat.say('forbidden');
    // Answer every question with its first choice and every fix with "no" until the summary.
    for (let turn = 0; turn < 20 && !textOf(replies).includes(messages.summaryIntro); turn++)
      replies = await chat.say(lastQuestion(replies) === messages.didItWork ? 'no' : '1');
    expect(textOf(replies)).toContain(
      triage.tree.nodes[triage.tree.start]!.type === 'question' ? 'Forbidden' : '',
    );
    expect(textOf(replies)).toContain('[status-forbidden]');
  });
});

describe('the case summary', () => {
  it('shows what was typed without its terminal escapes or bidi overrides', async () => {
    const chat = newChat();
    let replies = await chat.say('AADSTS50059 \u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202egnirts\u202c done');
    for (let turn = 0; turn < 20 && !textOf(replies).includes(messages.summaryIntro); turn++)
      replies = await chat.say(lastQuestion(replies) === messages.didItWork ? 'no' : '1');
    const summary = textOf(replies);
    expect(summary).toContain(messages.summaryIntro);
    expect(summary).toContain('AADSTS50059');
    for (const c of ['\u001b', '\u0007', '\u202e', '\u202c']) expect(summary).not.toContain(c);
  });
});

describe('after a fix', () => {
  it('"yes" closes warmly', async () => {
    const chat = newChat();
    const replies = await chat.say('AADSTS50059');
    expect(textOf(await clickLabel(chat, replies, messages.yes))).toContain(messages.fixed);
  });

  it('"no" walks the other causes, then the general checks, then writes a case summary', async () => {
    const chat = newChat();
    const topic = app.kb.topics.get('registration-one-or-more-errors')!;
    const health = app.kb.topics.get('connector-health')!;
    await chat.say("Connector registration failed ... Error: 'One or more errors occurred.' ```injected```");
    let replies: Partial<Activity>[];
    replies = await chat.say('yes'); // closed by itself → network-blocked
    expect(textOf(replies)).toContain(topic.causes.find((c) => c.id === 'network-blocked')!.summary);
    // A bare "no": same error, or something else now?
    replies = await chat.say('no');
    expect(lastQuestion(replies)).toBe(messages.afterFailure);
    replies = await clickLabel(chat, replies, messages.sameError);
    expect(textOf(replies)).toContain(messages.nextCause);
    expect(textOf(replies)).toContain(topic.causes.find((c) => c.id === 'sign-in-window-closed')!.summary);
    // Registration fails before there is a connector to check: no general connector checks.
    replies = await chat.say('no, still the same');
    const summary = textOf(replies);
    expect(summary).not.toContain(health.causes[0]!.summary);
    expect(summary).toContain(messages.summaryIntro);
    expect(summary).toContain('Identified as: ' + topic.title);
    expect(summary).toContain(
      'Did the sign-in window close by itself, before you could sign in? -> Yes, by itself',
    );
    // What the user said about the fix they tried goes in too.
    expect(summary).toContain('no, still the same');
    expect(summary).toContain(topic.causes[0]!.fix.links[0]!.url);
    // What the user typed cannot close the summary's code block.
    expect(summary.match(/```/g)).toHaveLength(2);
  });
});

describe('one message per turn', () => {
  it('puts what the bot understood, the fix and "did that fix it?" in one card', async () => {
    const chat = newChat();
    const topic = app.kb.topics.get('registration-one-or-more-errors')!;
    const first = await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    expect(first).toHaveLength(1);
    expect(cardToText(cardsOf(first)[0]!)).toContain(messages.named(topic.title));
    // The fix card names the topic and the cause once each, not again in a lead.
    const fixText = cardToText(cardsOf(await newChat().say('AADSTS50059'))[0]!);
    const title = app.kb.topics.get('registration-no-tenant')!.title;
    expect(fixText.split(title).length - 1).toBe(1);
    expect(lastQuestion(first)).toBe(startQuestion(topic.id));

    const fix = await chat.say('yes');
    expect(fix).toHaveLength(1);
    const card = cardsOf(fix)[0]!;
    expect(fixCauseOf(card)).toBe(topic.causes.find((c) => c.id === 'network-blocked')!.summary);
    expect(blockText(card, CARD_IDS.question)).toBe(messages.didItWork);
    expect(buttonsOf(fix).map((b) => b.title)).toEqual([messages.yes, messages.no]);

    const next = await chat.say('no, same error');
    expect(next).toHaveLength(1);
    expect(cardToText(cardsOf(next)[0]!)).toContain(messages.nextCause);
  });

  it('asks "did that fix it?" again without repeating the fix after an answer that picks nothing', async () => {
    const chat = newChat();
    await chat.say('AADSTS50059');
    const again = await chat.say('purple');
    expect(again).toHaveLength(1);
    const card = cardsOf(again)[0]!;
    expect(cardToText(card)).toContain(messages.retryDidItWork);
    expect(fixCauseOf(card)).toBeUndefined();
    expect(blockText(card, CARD_IDS.question)).toBe(messages.didItWork);
    expect(textOf(await clickLabel(chat, again, messages.yes))).toContain(messages.fixed);
  });
});

describe('welcome and people', () => {
  it('welcomes once per conversation', async () => {
    const chat = newChat();
    expect(textOf(await chat.join())).toContain('Paste the error text');
    expect(await chat.join()).toHaveLength(0);
  });

  it('keeps two people in one group chat apart', async () => {
    const conversationId = `group-${++conversations}`;
    const alice = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      channelId: 'test',
      conversationId,
      userId: 'alice',
    });
    const bob = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      channelId: 'test',
      conversationId,
      userId: 'bob',
    });
    await alice.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    await bob.say('Connector failed to download the configuration');
    const aliceReplies = await alice.say('yes');
    expect(textOf(aliceReplies)).toContain(
      app.kb.topics.get('registration-one-or-more-errors')!.causes.find((c) => c.id === 'network-blocked')!
        .summary,
    );
    const bobReplies = await bob.say('yes');
    expect(textOf(bobReplies)).toContain(
      app.kb.topics.get('config-download-failed')!.causes.find((c) => c.id === 'outbound-proxy')!.summary,
    );
  });

  it('shows cards as text on a channel without cards', async () => {
    const replies = await newChat('sms').say(
      "Connector registration failed ... Error: 'One or more errors occurred.'",
    );
    expect(replies.every((r) => !r.attachments?.length)).toBe(true);
    expect(textOf(replies)).toContain('1) Yes, by itself');
  });
});
