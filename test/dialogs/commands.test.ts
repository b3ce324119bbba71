import { commandOf, smallTalkOf } from '../../dialogs/commands';

describe('commands and small talk', () => {
  it.each([
    ['help', 'help'],
    ['<at>Proxy Helper</at> start over please', 'restart'],
    ['Cancel!', 'cancel'],
    ['so what can you help me with then?', 'help'],
    ['ok what do you do?', 'help'],
  ])('"%s" is %s', (text, command) => expect(commandOf(text)).toBe(command));

  it('takes a question that merely contains the word as no command', () => {
    expect(commandOf('can you help: Connector registration failed')).toBeUndefined();
  });

  it('knows greetings and thanks', () => {
    expect(smallTalkOf('<at>Bot</at> good morning')).toBe('greeting');
    expect(smallTalkOf('thanks a lot')).toBe('thanks');
  });

  it('does not clean a message far longer than any command', () => {
    // "<at" repeated to the 256 KB body limit made the mention regex scan the rest of the text
    // for each of them: 24 s of one core for one message, twice on a first turn.
    const hostile = '<at'.repeat(87_000);
    expect(commandOf(hostile)).toBeUndefined();
    expect(smallTalkOf(hostile)).toBeUndefined();
  });
});
