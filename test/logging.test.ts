import { createBotApp } from '../src/app';
import { DirectClient } from '../src/directClient';
import { createLogger, type LogLevel } from '../src/logger';

async function linesOfATurn(level: LogLevel, text: string): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (l) => lines.push(l) });
  const app = createBotApp({ logger });
  await new DirectClient({ adapter: app.adapter, runTurn: app.runTurn, channelId: 'test' }).say(text);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logs', () => {
  const userText = 'our tenant contoso-internal.example gets AADSTS50059';

  it('are JSON lines, each turn with its own turn id, and no user text at info level', async () => {
    const entries = await linesOfATurn('info', userText);
    const turn = entries.filter((e) => e.msg === 'turn started' || e.msg === 'turn finished');
    expect(turn).toHaveLength(2);
    expect(turn[0]!.turnId).toEqual(expect.any(String));
    expect(turn[1]!.turnId).toBe(turn[0]!.turnId);
    expect(JSON.stringify(entries)).not.toContain('contoso-internal');
  });

  it('include the user text at debug level', async () => {
    expect(JSON.stringify(await linesOfATurn('debug', userText))).toContain('contoso-internal');
  });

  it('never carry secrets, whatever a caller passes', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l) => lines.push(l) });
    logger.info(
      { config: { appPassword: 'hunter2', blobConnectionString: 'AccountKey=abc' }, password: 'pw' },
      'starting',
    );
    expect(lines.join('')).not.toMatch(/hunter2|AccountKey|"pw"/);
  });
});
