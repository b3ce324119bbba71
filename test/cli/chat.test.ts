import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { forTerminal, joinPastes } from '../../src/cli/chat';

describe('the terminal chat', () => {
  it('joins the lines of a paste into one message, and keeps typed lines apart', () => {
    jest.useFakeTimers();
    try {
      const sent: string[] = [];
      const joiner = joinPastes((m) => sent.push(m), 40);
      // A pasted Event Viewer entry: its lines arrive together.
      for (const line of [
        'Log Name: Microsoft-AadApplicationProxy-Connector/Admin',
        'Event ID: 13019',
        'Level: Error',
      ])
        joiner.line(line);
      jest.advanceTimersByTime(50);
      joiner.line('yes');
      jest.advanceTimersByTime(50);
      joiner.line('thanks');
      joiner.end();
      expect(sent).toEqual([
        'Log Name: Microsoft-AadApplicationProxy-Connector/Admin\nEvent ID: 13019\nLevel: Error',
        'yes',
        'thanks',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('draws the bold, lists, links and code the bot writes', () => {
    const md =
      'This looks like: **Event 13019**\n- one\n[Docs](https://learn.microsoft.com/x) and `setspn -X`\n```\ncode\n```';
    expect(forTerminal(md, false)).toBe(
      'This looks like: Event 13019\n• one\nDocs (https://learn.microsoft.com/x) and setspn -X\ncode',
    );
    expect(forTerminal('**bold**', true)).toBe('\u001b[1mbold\u001b[22m');
  });

  it('takes piped input one message per line, through the whole bot', () => {
    const run = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(__dirname, '../../src/cli/chat.ts')],
      {
        input: 'AADSTS50059\nyes\n',
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('you> AADSTS50059');
    expect(run.stdout).toContain('Likely cause:');
    expect(run.stdout).toContain("glad it's working");
    // No Markdown markers left for a terminal to show.
    expect(run.stdout).not.toContain('**');
  }, 60_000);
});
