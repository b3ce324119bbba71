import * as readline from 'node:readline';
import type { Activity } from 'botbuilder';
import { cardToText, type AdaptiveCard } from '../../dialogs/cards';
import { createBotApp } from '../app';
import { DirectClient } from '../directClient';
import { printable } from '../engine/text';

// `npm run chat`: the bot in a terminal. Interactively, a pasted block (an Event Viewer entry,
// PowerShell output) is one message: lines that arrive together are joined. Piped input is one
// message per line. Replies are printed as text (cards as text, buttons as a numbered list: type
// the number to click), with their bold, lists and links drawn for a terminal.

// Lines of one paste reach readline within a few milliseconds of each other; typing doesn't.
const PASTE_GAP_MS = 40;

export function renderReply(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const attachment of activity.attachments ?? [])
    if (attachment.contentType === 'application/vnd.microsoft.card.adaptive')
      parts.push(cardToText(attachment.content as AdaptiveCard));
  return parts.join('\n');
}

/** The Markdown the bot writes, for a terminal: bold in bold (or plain), bullets, links as "title (url)". */
export function forTerminal(markdown: string, ansi: boolean): string {
  return markdown
    .split('\n')
    .filter((line) => !/^```/.test(line.trim()))
    .map((line) =>
      line
        .replace(/^(\s*)[-*] /, '$1• ')
        .replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
        .replace(/\*\*([^*\n]+)\*\*/g, ansi ? '\u001b[1m$1\u001b[22m' : '$1')
        .replace(/(^|[^\\])`([^`\n]+)`/g, '$1$2'),
    )
    .join('\n');
}

async function main(): Promise<void> {
  process.env.DOTENV_CONFIG_QUIET = 'true';
  const app = createBotApp();
  const client = new DirectClient({ adapter: app.adapter, runTurn: app.runTurn });
  const interactive = process.stdin.isTTY === true;
  const ansi = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const print = (replies: Partial<Activity>[]) => {
    for (const r of replies) {
      // Replies can quote what was typed: made printable first, so only our own styling is drawn.
      const text = forTerminal(printable(renderReply(r)), ansi);
      if (text) console.log(`bot> ${text.split('\n').join('\n     ')}\n`);
    }
  };

  const lines = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  if (!interactive) {
    for await (const line of lines) {
      console.log(`you> ${printable(line)}`);
      if (line.trim()) print(await client.say(line));
    }
    return;
  }

  print(await client.join());
  lines.setPrompt('you> ');
  lines.prompt();
  // One turn at a time: a paste that arrives while the bot answers waits for its turn.
  let turns = Promise.resolve();
  const joiner = joinPastes((message) => {
    turns = turns.then(async () => {
      if (message.trim()) print(await client.say(message));
      lines.prompt();
    });
  });
  lines.on('line', joiner.line);
  await new Promise<void>((resolve) => lines.once('close', resolve));
  joiner.end();
  await turns;
}

/** Joins lines that arrive within `gapMs` of each other into one message (a paste). */
export function joinPastes(onMessage: (message: string) => void, gapMs = PASTE_GAP_MS) {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (!pending.length) return;
    const message = pending.join('\n');
    pending = [];
    onMessage(message);
  };
  return {
    line(text: string) {
      pending.push(text);
      clearTimeout(timer);
      timer = setTimeout(flush, gapMs);
    },
    /** Sends what is left (input closed). */
    end: flush,
  };
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  });
