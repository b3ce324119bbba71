// Words that steer the conversation rather than describe a problem. They count only as the whole
// message ("help", "start over please"), so "can you help: <error>" is still read as an error.

import { withoutMentions } from '../text';

export type Command = 'cancel' | 'restart' | 'help';
export type SmallTalk = 'greeting' | 'thanks';

// A command or a greeting is a few words (plus, in Teams, the mention markup around them):
// anything longer is not one, and is not cleaned at all.
const MAX_COMMAND_INPUT = 800;

const clean = (text: string): string =>
  text.length > MAX_COMMAND_INPUT
    ? ''
    : withoutMentions(text)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();

const POLITE = '(?: (?:please|pls|plz|now|thanks|thank you|bot))*';
const COMMANDS: readonly [Command, RegExp][] = [
  [
    'cancel',
    new RegExp(
      `^(?:cancel|stop|quit|exit|abort|never ?mind|nevermind|forget it)(?: it| that| this)?${POLITE}$`,
    ),
  ],
  [
    'restart',
    new RegExp(
      `^(?:start over|start again|restart|reset|begin again|from the (?:start|beginning)|new problem)${POLITE}$`,
    ),
  ],
  [
    'help',
    new RegExp(
      `^(?:(?:so|ok|okay|and|hmm|well) )*(?:help|menu|show menu|the menu|main menu|topics|options|\\?|help me|what can you do|what do you do|what can you help (?:me )?with|what do you help with|what are you for|what do you know about)(?: then| anyway| exactly)?${POLITE}$`,
    ),
  ],
];

export function commandOf(text: string | undefined): Command | undefined {
  const t = clean(text ?? '');
  if (!t || t.split(' ').length > 8) return undefined;
  return COMMANDS.find(([, pattern]) => pattern.test(t))?.[0];
}

const GREETING =
  /^(?:hi|hello|hey|hiya|howdy|yo|hallo|greetings|good (?:morning|afternoon|evening|day)|morning|hi there|hello there|hey there)(?: (?:there|bot|team|all|everyone|folks))?$/;
const THANKS =
  /^(?:thanks?|thank you|thx|ty|cheers|many thanks|thanks a lot|thank you so much|great thanks|perfect thanks|that (?:worked|fixed it|helped)|it works now|all good now)(?: (?:so much|a lot|again|mate|bot))*$/;

export function smallTalkOf(text: string | undefined): SmallTalk | undefined {
  const t = clean(text ?? '');
  if (GREETING.test(t)) return 'greeting';
  if (THANKS.test(t)) return 'thanks';
  return undefined;
}
