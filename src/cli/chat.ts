import * as readline from 'node:readline';
import type { Activity } from 'botbuilder';
import { cardToText, type AdaptiveCard } from '../../dialogs/cards';
import { createBotApp } from '../app';
import { DirectClient } from '../directClient';
import { printable } from '../engine/text';

// `npm run chat`: the bot in a terminal. Piped input is one message per line, and the replies
// are printed as text (cards as text, buttons as a numbered list: type the number to click).

export function renderReply(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const attachment of activity.attachments ?? [])
    if (attachment.contentType === 'application/vnd.microsoft.card.adaptive')
      parts.push(cardToText(attachment.content as AdaptiveCard));
  return parts.join('\n');
}

async function main(): Promise<void> {
  process.env.DOTENV_CONFIG_QUIET = 'true';
  const app = createBotApp();
  const client = new DirectClient({ adapter: app.adapter, runTurn: app.runTurn });
  const interactive = process.stdin.isTTY === true;
  const print = (replies: Partial<Activity>[]) => {
    for (const r of replies) {
      // Replies can quote what was typed; a terminal must not act on escapes inside it.
      const text = printable(renderReply(r));
      if (text) console.log(`bot> ${text.split('\n').join('\n     ')}\n`);
    }
  };

  const lines = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  if (interactive) {
    print(await client.join());
    lines.setPrompt('you> ');
    lines.prompt();
  }
  for await (const line of lines) {
    if (!interactive) console.log(`you> ${printable(line)}`);
    if (line.trim()) print(await client.say(line));
    if (interactive) lines.prompt();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
