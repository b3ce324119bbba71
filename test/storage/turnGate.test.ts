import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder';
import { createBotApp } from '../../src/app';
import { DirectClient } from '../../src/directClient';
import { BoundedMemoryStorage } from '../../src/storage/boundedMemoryStorage';
import { ETagTrackingStorage } from '../../src/storage/eTagTrackingStorage';
import { createTurnGate } from '../../src/storage/turnGate';

const pause = () => new Promise((resolve) => setImmediate(resolve));

/** A turn that reads a counter, does some async work (as a real turn does), and writes it back. */
function countingTurn(state: ConversationState) {
  const count = state.createProperty<number>('count');
  return async (context: TurnContext) => {
    const n = await count.get(context, 0);
    for (let i = 0; i < 5; i++) await pause();
    await count.set(context, n + 1);
    await state.saveChanges(context);
  };
}

async function tenAtOnce(
  run: (context: TurnContext) => Promise<void>,
): Promise<PromiseSettledResult<unknown>[]> {
  const adapter = new TestAdapter(run);
  const conversation = TestAdapter.createConversation('same-conversation');
  return Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      adapter.processActivity({
        type: 'message',
        text: `message ${i}`,
        conversation: conversation.conversation,
        channelId: 'test',
        from: { id: 'u', name: 'User' },
        recipient: { id: 'b', name: 'Bot' },
      }),
    ),
  );
}

describe('turns of one conversation', () => {
  it('run one at a time, so ten messages at once lose no update', async () => {
    const state = new ConversationState(new ETagTrackingStorage(new BoundedMemoryStorage()));
    const gate = createTurnGate();
    const turn = countingTurn(state);
    const results = await tenAtOnce((context) => gate.run('same-conversation', () => turn(context)));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const check = new TestAdapter(async (context) => {
      expect(await state.createProperty<number>('count').get(context, 0)).toBe(10);
    });
    await check.processActivity({
      type: 'message',
      text: 'check',
      conversation: TestAdapter.createConversation('same-conversation').conversation,
      channelId: 'test',
    });
    expect(gate.busy).toBe(0);
  });

  it('without the gate, conditional saves refuse to overwrite newer state instead of losing it silently', async () => {
    const state = new ConversationState(new ETagTrackingStorage(new BoundedMemoryStorage()));
    const turn = countingTurn(state);
    // The conversation's state exists (a first message), so every save carries the eTag it read.
    const first = new TestAdapter(turn);
    await first.processActivity({
      type: 'message',
      text: 'first',
      conversation: TestAdapter.createConversation('same-conversation').conversation,
      channelId: 'test',
    });
    const results = await tenAtOnce(turn);
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && /eTag conflict/.test(String(r.reason)),
    );
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.length + results.filter((r) => r.status === 'fulfilled').length).toBe(10);
  });

  it('a failed turn does not block the next one', async () => {
    const gate = createTurnGate();
    await expect(gate.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('k', async () => 'next')).resolves.toBe('next');
  });

  it('keep working through the whole bot when a user double-sends', async () => {
    const app = createBotApp();
    const chat = new DirectClient({ adapter: app.adapter, runTurn: app.runTurn, channelId: 'test' });
    await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    const replies = await Promise.all([chat.say('yes'), chat.say('yes')]);
    const texts = replies.map((r) => JSON.stringify(r));
    // The first "yes" answers the question; the second answers "Did that fix it?" with yes.
    expect(texts[0]).toContain('Likely cause');
    expect(texts[1]).toContain("glad it's working");
  });
});
