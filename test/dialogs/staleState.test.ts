import { messages } from '../../dialogs/messages';
import { createBotApp } from '../../src/app';
import { DirectClient } from '../../src/directClient';
import type { KnowledgeBase } from '../../src/engine/knowledge';
import type { Topic } from '../../src/engine/knowledgeSchema';
import { createStateStore } from '../../src/storage/createStorage';

// A conversation saved by an older version of the knowledge, whose question no longer exists.

it('restarts cleanly when saved state points at a question the knowledge no longer has', async () => {
  const store = createStateStore({
    stateStore: 'memory',
    blobConnectionString: undefined,
    blobContainer: 'x',
    memoryMaxConversations: 100,
    memoryMaxMb: 32,
  });
  const before = createBotApp({ store });
  const conversationId = 'upgraded-mid-question';
  const say = (app: typeof before, text: string) =>
    new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      channelId: 'test',
      conversationId,
      userId: 'admin',
    }).say(text);
  expect(
    JSON.stringify(
      await say(before, "Connector registration failed ... Error: 'One or more errors occurred.'"),
    ),
  ).toContain('Did the sign-in window close by itself');

  // The new version renamed that question's node.
  const topics = new Map(before.kb.topics);
  const old = topics.get('registration-one-or-more-errors')!;
  const { ['closed-by-itself']: question, ...rest } = old.tree.nodes;
  const renamed: Topic = {
    ...old,
    tree: { start: 'window-closed', nodes: { ...rest, 'window-closed': question! } },
  };
  topics.set(old.id, renamed);
  const after = createBotApp({ store, knowledge: { ...before.kb, topics } as KnowledgeBase });

  expect(JSON.stringify(await say(after, 'yes'))).toContain(messages.stateReset);
  // And the conversation works normally from there.
  expect(JSON.stringify(await say(after, 'AADSTS50059'))).toContain('Likely cause:');
});

it('restarts cleanly when saved state was written by dialogs this version no longer has', async () => {
  const store = createStateStore({
    stateStore: 'memory',
    blobConnectionString: undefined,
    blobContainer: 'x',
    memoryMaxConversations: 100,
    memoryMaxMb: 32,
  });
  const app = createBotApp({ store });
  const chat = new DirectClient({
    adapter: app.adapter,
    runTurn: app.runTurn,
    channelId: 'test',
    conversationId: 'older-dialogs',
    userId: 'admin',
  });
  // What an earlier version saved mid-question: a stack of dialogs with other ids.
  await store.storage.write({
    'test/conversations/older-dialogs/users/admin': {
      dialogState: {
        dialogStack: [
          { id: 'main', state: { options: {}, values: {}, stepIndex: 0 } },
          { id: 'ask', state: { options: {}, state: {} } },
        ],
      },
      eTag: '*',
    },
  });
  expect(JSON.stringify(await chat.say('yes'))).toContain(messages.stateReset);
  expect(JSON.stringify(await chat.say('AADSTS50059'))).toContain('Likely cause:');
});
