import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration';
import { createBotApp } from '../../src/app';
import { DirectClient } from '../../src/directClient';

// botbuilder-dialogs builds its memory scopes for every turn unless the turn already holds them;
// the bot hands every turn the first turn's.
describe("the dialogs' memory scopes", () => {
  it('are built once for the bot, not once a turn, and the conversation still works', async () => {
    const built = jest.spyOn(DialogsComponentRegistration.prototype, 'getMemoryScopes');
    try {
      const app = createBotApp();
      const chats = [1, 2].map(
        (n) =>
          new DirectClient({
            adapter: app.adapter,
            runTurn: app.runTurn,
            channelId: 'test',
            conversationId: `m-${n}`,
          }),
      );
      for (const chat of chats) {
        await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
        const replies = await chat.say('yes');
        expect(JSON.stringify(replies)).toContain('Likely cause');
      }
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });
});
