import type { Activity } from 'botbuilder';
import { createBotApp } from '../../src/app';
import { DirectClient } from '../../src/directClient';
import { textWithoutBotMentions } from '../../src/mentions';

// Activities shaped as Teams sends them: channel messages with mention entities and a thread id
// in the conversation id, personal chats, installationUpdate, card submits.

const BOT = { id: '28:0c4b6a0e-1111-2222-3333-444455556666', name: 'App Proxy Helper' };
const TENANT = { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
const THREAD = '19:a1b2c3d4e5f6@thread.tacv2;messageid=1732400000000';

const app = createBotApp();
let n = 0;

function channelClient(userId: string, conversationId = `${THREAD}${++n}`) {
  return new DirectClient({
    adapter: app.adapter,
    runTurn: app.runTurn,
    channelId: 'msteams',
    conversationId,
    userId,
    userName: userId,
  });
}

/** A channel message that @mentions the bot, as Teams delivers it. */
function channelMessage(
  conversationId: string,
  userId: string,
  text: string,
  botNameShown = 'App Proxy Helper',
): Partial<Activity> {
  const tag = `<at>${botNameShown}</at>`;
  return {
    type: 'message',
    text: `${tag} ${text}`,
    textFormat: 'plain',
    channelId: 'msteams',
    conversation: {
      id: conversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT.id,
      name: '',
    },
    from: { id: `29:${userId}`, name: userId, aadObjectId: `${userId}-aad` } as Activity['from'],
    recipient: BOT,
    entities: [
      { type: 'mention', text: tag, mentioned: { id: BOT.id, name: botNameShown } },
      { type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web' },
    ],
    channelData: {
      teamsChannelId: '19:a1b2c3d4e5f6@thread.tacv2',
      teamsTeamId: '19:team@thread.tacv2',
      tenant: TENANT,
    },
  };
}

const allText = (replies: Partial<Activity>[]) => JSON.stringify(replies);
const button = (replies: Partial<Activity>[], title: string) =>
  replies
    .flatMap((r) => r.attachments ?? [])
    .flatMap(
      (a) => (a.content as { actions?: { type: string; title: string; data: object }[] }).actions ?? [],
    )
    .find((a) => a.type === 'Action.Submit' && a.title === title)!;

describe('mentions', () => {
  it('removes every mention of the bot, matched by id, and keeps other people', () => {
    const text = textWithoutBotMentions({
      text: '<at>Helper Bot</at> ask <at>Priya</at> about 13020 <at>Helper Bot</at>',
      recipient: BOT,
      entities: [
        { type: 'mention', text: '<at>Helper Bot</at>', mentioned: { id: BOT.id, name: 'Helper Bot' } },
        { type: 'mention', text: '<at>Priya</at>', mentioned: { id: '29:priya', name: 'Priya' } },
      ],
    });
    expect(text).toBe('ask <at>Priya</at> about 13020');
  });

  it('copes with a mention entity on an activity with no text (a card submit)', () => {
    expect(
      textWithoutBotMentions({
        value: { a: 1 },
        recipient: BOT,
        entities: [{ type: 'mention', text: '<at>x</at>', mentioned: { id: BOT.id } }],
      }),
    ).toBe('');
  });
});

describe('a Teams channel', () => {
  it('answers an @mention in its thread, under whatever display name the bot is shown', async () => {
    const chat = channelClient('alex');
    const replies = await chat.send(
      channelMessage(chat.conversationId, 'alex', 'AADSTS50059', 'Proxy Doctor'),
    );
    expect(allText(replies)).toContain(
      "Connector registration failed: 'AADSTS50059: No tenant-identifying information found'",
    );
    for (const r of replies) expect(r.conversation?.id).toBe(chat.conversationId);
  });

  it('takes card button answers, which arrive without a mention', async () => {
    const chat = channelClient('alex');
    const first = await chat.send(
      channelMessage(
        chat.conversationId,
        'alex',
        "Connector registration failed ... Error: 'One or more errors occurred.'",
      ),
    );
    const yes = button(first, 'Yes, by itself');
    const replies = await chat.send({
      type: 'message',
      text: undefined,
      value: yes.data,
      channelId: 'msteams',
      conversation: { id: chat.conversationId, isGroup: true, conversationType: 'channel', name: '' },
      from: { id: '29:alex', name: 'alex' },
      recipient: BOT,
    });
    expect(allText(replies)).toContain('Likely cause');
  });

  it('keeps two people in one thread apart', async () => {
    const conversationId = `${THREAD}shared`;
    const alex = channelClient('alex', conversationId);
    const sam = channelClient('sam', conversationId);
    await alex.send(
      channelMessage(
        conversationId,
        'alex',
        "Connector registration failed ... Error: 'One or more errors occurred.'",
      ),
    );
    await sam.send(channelMessage(conversationId, 'sam', 'Connector failed to download the configuration'));
    expect(allText(await alex.send(channelMessage(conversationId, 'alex', 'no')))).toContain(
      'registration sign-in window was closed',
    );
    expect(allText(await sam.send(channelMessage(conversationId, 'sam', 'no')))).toContain('certificate');
  });

  it('answers a message Teams sends twice (after a slow reply) only once', async () => {
    const chat = channelClient('alex');
    const activity = { ...channelMessage(chat.conversationId, 'alex', 'AADSTS50059'), id: '1732400000123' };
    const [first, second] = await Promise.all([chat.send(activity), chat.send(activity)]);
    const answered = [first, second].filter((r) => allText(r).includes('Likely cause:'));
    expect(answered).toHaveLength(1);
    expect([first, second].find((r) => r !== answered[0])).toHaveLength(0);
  });

  it('introduces itself once when added to a team, not for every new member', async () => {
    const chat = channelClient('alex');
    const added = (members: { id: string }[]) =>
      chat.send({
        type: 'conversationUpdate',
        membersAdded: members as Activity['membersAdded'],
        conversation: { id: chat.conversationId, isGroup: true, conversationType: 'channel', name: '' },
        recipient: BOT,
        channelData: { eventType: 'teamMemberAdded', team: { id: '19:team@thread.tacv2' }, tenant: TENANT },
      });
    expect(allText(await added([{ id: BOT.id }]))).toContain('Paste the error text');
    expect(await added([{ id: '29:newcomer' }])).toHaveLength(0);
  });
});

describe('a personal chat', () => {
  it('welcomes once on install', async () => {
    const chat = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      channelId: 'msteams',
      conversationId: `a:personal-${++n}`,
    });
    const install = { type: 'installationUpdate', action: 'add', recipient: BOT } as Partial<Activity>;
    expect(allText(await chat.send(install))).toContain('Paste the error text');
    expect(await chat.send({ ...install, id: 'again' })).toHaveLength(0);
  });
});
