import * as fs from 'node:fs';
import * as path from 'node:path';
import { createConversation } from '../../../src/engine/conversation/core';
import { newProblem } from '../../../src/engine/conversation/caseFile';
import { messages } from '../../../src/engine/conversation/messages';
import type { Reply } from '../../../src/engine/conversation/reply';
import type { CaseState, Input } from '../../../src/engine/conversation/state';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createRecogniser } from '../../../src/engine/recogniser';

// A transcript per guided check: the command is offered, a pasted output leads on by what it
// shows, a typed answer does too, and output that says nothing is asked for again.

const kb = loadKnowledge(defaultKnowledgeDir());
const core = createConversation(kb, createRecogniser(kb));
const samples = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'checks', 'samples.json'), 'utf8')) as {
    samples: Record<string, { outcome: string; output: string }[]>;
  }
).samples;
const sample = (check: string, outcome: string) => samples[check]!.find((s) => s.outcome === outcome)!.output;

/** Plays the turns and returns the last reply. */
function play(turns: readonly (string | number)[], from?: CaseState): { reply: Reply; state?: CaseState } {
  let state = from;
  let reply: Reply | undefined;
  for (const t of turns) {
    const input: Input = typeof t === 'number' ? { kind: 'choice', index: t } : { kind: 'text', text: t };
    const outcome = core.next(state, input);
    state = outcome.state;
    reply = outcome.reply;
  }
  return { reply: reply!, ...(state ? { state } : {}) };
}

interface CheckCase {
  readonly check: string;
  /** What gets the bot to the check. */
  readonly opening: readonly (string | number)[];
  readonly pasted: { readonly outcome: string; readonly fix?: string; readonly asks?: string };
  readonly typed: { readonly text: string; readonly fix?: string; readonly asks?: string };
  /** Output of the command that shows none of its outcomes. */
  readonly noOutcome: string;
}

const question = (topic: string, node: string) =>
  (kb.topics.get(topic)!.tree.nodes[node] as { text: string }).text;

const CASES: readonly CheckCase[] = [
  {
    check: 'connector-services',
    opening: ["app proxy connector isn't working, how do I check it?"],
    pasted: { outcome: 'stopped', fix: 'service-not-running' },
    typed: { text: 'it says running', asks: question('connector-health', 'admin-log') },
    noOutcome: 'Status Name DisplayName ------ ---- ----------- (nothing else came back)',
  },
  {
    check: 'winhttp-proxy',
    opening: [
      'The connector was unable to connect to the service due to networking issues. The connector tried to access the following URL.',
    ],
    pasted: { outcome: 'proxy-set', fix: 'outbound-proxy' },
    typed: { text: 'straight out through the firewall', fix: 'outbound-ports-blocked' },
    noOutcome: 'Current WinHTTP proxy settings: and then the window closed',
  },
  {
    check: 'external-name-dns',
    opening: ['A server with the specified host name could not be found: hr.contoso.com from outside', 2],
    pasted: { outcome: 'not-found', fix: 'custom-domain-dns' },
    typed: { text: 'yes, the alias is shown', fix: 'custom-domain-certificate' },
    noOutcome: 'Server:  dns.google\nAddress:  8.8.8.8',
  },
  {
    check: 'winhttp-http2',
    opening: ['Kerberos SSO through app proxy gives users a second login prompt, no event IDs', 0],
    pasted: { outcome: 'on', fix: 'http2-enabled' },
    typed: { text: 'the connectors are server 2016', asks: question('kcd-sso-fails', 'names') },
    noOutcome: 'EnableDefaultHTTP2 : (blank)',
  },
  {
    check: 'internal-url',
    opening: ['Status Code: Bad Gateway on the HR app from outside'],
    pasted: { outcome: 'fails', asks: question('status-bad-gateway', 'url-match') },
    typed: { text: 'it loads fine there', asks: question('status-bad-gateway', 'sso-off') },
    noOutcome: 'StatusCode StatusDescription\n---------- -----------------',
  },
  {
    check: 'connector-admin-log',
    opening: ["app proxy connector isn't working, how do I check it?", 0],
    pasted: { outcome: 'none', fix: 'find-error-in-logs' },
    typed: { text: 'there are errors in it', fix: 'find-error-in-logs' },
    noOutcome: 'TimeCreated : 12/1/2026 (the rest was cut off)',
  },
  {
    check: 'registration-error-log',
    opening: ["app proxy connector isn't working, how do I check it?", 2],
    pasted: { outcome: 'no-entry', fix: 'service-not-running' },
    typed: { text: 'nothing logged', fix: 'service-not-running' },
    noOutcome: 'TimeGenerated : 12/2/2026 9:40:18 AM',
  },
  {
    check: 'spn-query',
    opening: ['Event 12027 on the connector for the CRM app', 1],
    pasted: { outcome: 'not-found', fix: 'dc-spn-trust-or-clock' },
    typed: { text: "it's registered", asks: question('kerberos-12027', 'duplicates') },
    noOutcome: 'Checking domain DC=contoso,DC=local',
  },
  {
    check: 'spn-duplicates',
    opening: ['Event 12027 on the connector for the CRM app', 1, 'Existing SPN found!'],
    pasted: { outcome: 'none', asks: question('kerberos-12027', 'clock') },
    typed: { text: 'it is registered twice, on two accounts', fix: 'dc-spn-trust-or-clock' },
    noOutcome: 'Checking domain DC=contoso,DC=local Processing entry 0',
  },
  {
    check: 'clock-offset',
    opening: [
      'Event 12027 on the connector for the CRM app',
      1,
      'Existing SPN found!',
      'found 0 group of duplicate SPNs.',
    ],
    pasted: { outcome: 'in-sync', fix: 'authorization-access-group' },
    typed: { text: 'the clock is off by ten minutes', fix: 'dc-spn-trust-or-clock' },
    noOutcome: 'Tracking dc01 [10.0.0.4:123]. Collecting 3 samples. error: 0x800705B4',
  },
  {
    check: 'outbound-reach',
    opening: [
      'The connector was unable to connect to the service due to networking issues. The connector tried to access the following URL.',
      2,
    ],
    pasted: { outcome: 'blocked', fix: 'outbound-ports-blocked' },
    typed: { text: 'both succeeded', fix: 'outbound-proxy' },
    noOutcome: 'PingSucceeded : False',
  },
  {
    check: 'connector-certificate',
    opening: ['Connector failed to download the configuration', 2],
    pasted: { outcome: 'expired', fix: 'certificate-expired' },
    typed: { text: 'still valid', fix: 'outbound-proxy' },
    noOutcome: 'NotAfter : 5/20/2027 9:00:00 AM',
  },
  {
    check: 'tls12-settings',
    opening: ['The connector installer fails and rolls back', 0],
    pasted: { outcome: 'off', fix: 'tls12-disabled' },
    typed: { text: 'switched on', asks: question('connector-install-failed', 'other-agent') },
    noOutcome: 'Enabled : 1',
  },
];

describe.each(CASES)('the $check check in a conversation', (c) => {
  const check = kb.checks.get(c.check)!;
  const atCheck = () => play(c.opening);

  it('is offered with its command to run and paste back', () => {
    const { reply } = atCheck();
    expect(reply.question?.command?.run).toBe(check.command);
    expect(reply.question?.details?.join(' ')).toMatch(/paste what it prints here/);
  });

  it('reads a pasted output and goes on by what it shows', () => {
    const { state } = atCheck();
    const { reply } = play([sample(c.check, c.pasted.outcome)], state);
    const label = check.outcomes.find((o) => o.id === c.pasted.outcome)!.label;
    expect(reply.lead.join(' ')).toContain(messages.fromTheOutput(label));
    if (c.pasted.fix) expect(reply.fix?.cause).toBe(c.pasted.fix);
    if (c.pasted.asks) expect(reply.question?.text).toBe(c.pasted.asks);
  });

  it('takes a typed answer instead', () => {
    const { state } = atCheck();
    const { reply } = play([c.typed.text], state);
    if (c.typed.fix) expect(reply.fix?.cause).toBe(c.typed.fix);
    if (c.typed.asks) expect(reply.question?.text).toBe(c.typed.asks);
  });

  it('asks again, briefly, for output that shows none of its outcomes', () => {
    const { state } = atCheck();
    const { reply } = play([c.noOutcome], state);
    expect(reply.lead.join(' ')).toBe(messages.notCheckOutput(check.title));
    expect(reply.fix).toBeUndefined();
    expect(reply.question?.command?.run).toBe(check.command);
  });
});

describe('a check output pasted as the first message', () => {
  it('goes straight to the fix its outcome shows', () => {
    const { reply } = play([
      `here's what Get-Service says on APP01: ${sample('connector-services', 'stopped')}`,
    ]);
    expect(reply.fix).toEqual({ topic: 'connector-health', cause: 'service-not-running' });
    expect(reply.lead.join(' ')).toMatch(/From the output of the connector's services/);
  });

  it('keeps the topic the words name when it has the same cause', () => {
    const { reply } = play([
      `the connector on APP02 shows Inactive in the portal. ${sample('connector-services', 'stopped')}`,
    ]);
    expect(reply.fix).toEqual({ topic: 'connector-inactive', cause: 'service-not-running' });
  });
});

describe('a log entry pasted at a log check', () => {
  it('goes on with the documented error it names', () => {
    const { state } = play(["app proxy connector isn't working, how do I check it?", 2]);
    const { reply } = play([sample('registration-error-log', 'error')], state);
    expect(reply.lead).toContain(messages.fromTheLog);
    expect(reply.fix?.topic ?? reply.question?.text).toBeDefined();
    expect(reply.fix?.topic).toBe('registration-no-tenant');
  });

  it('names the Kerberos event found in the connector log', () => {
    const { state } = play(["app proxy connector isn't working, how do I check it?", 0]);
    const { reply } = play([kb.checks.get('connector-admin-log')!.samples[0]!.output], state);
    expect(reply.lead).toContain(messages.fromTheLog);
    expect(reply.fix?.topic).toBe('kerberos-13019');
  });
});

describe('a check output pasted at "which of these?"', () => {
  it('picks the topic that runs that check and reads the output there', () => {
    const { state, reply: menu } = play(['app proxy connector is not working, how do I check it?']);
    expect(menu.question?.text).toBe(messages.whichTopic);
    const { reply } = play(['Running WAPCSvc Running WAPCUpdaterSvc'], state);
    expect(reply.kind).not.toBe('wait');
    expect(reply.lead).toContain(messages.fromTheOutput('WAPCSvc is Running'));
    expect(reply.question?.command?.run).toBe(kb.checks.get('connector-admin-log')!.command);
  });
});

describe('a check output pasted after a fix that did not help', () => {
  it('shows the fix its outcome points at, before any other next cause', () => {
    const { state } = play(['Connector failed to download the configuration', 1]);
    const { reply } = play([`no, still broken. ${sample('connector-services', 'stopped')}`], state);
    expect(reply.fix).toEqual({ topic: 'connector-health', cause: 'service-not-running' });
    expect(reply.lead.join(' ')).toContain("From the output of the connector's services");
  });
});

// "... general API error: ... (0x80090303)": the Windows code in an event narrows where to look.
describe('a Windows status code in a pasted event', () => {
  const event = (detail: string) =>
    `Log Name: Microsoft-AadApplicationProxy-Connector/Admin\nSource: Microsoft AAD Application Proxy Connector\nEvent ID: 13019\nLevel: Error\nDescription: Microsoft Entra ID cannot retrieve a Kerberos ticket on behalf of the user because of the following general API error: ${detail}`;
  const lead = (text: string) => core.next(undefined, { kind: 'text', text }).reply.lead.join('\n');

  it.each([
    ['The target was not recognized (0x80090303)', '0x80090303', 'setspn -Q'],
    ['No credentials are available in the security package (0x8009030e)', '0x8009030e', 'Protected Users'],
    ['SEC_E_NO_AUTHENTICATING_AUTHORITY', '0x80090311', 'domain controller'],
    ['error -2146893022', '0x80090322', 'setspn -X'],
  ])('"%s" adds what %s points to', (detail, code, pointer) => {
    const said = lead(event(detail));
    expect(said).toContain(`**${code}**`);
    expect(said).toContain(pointer);
  });

  it('says nothing of a code that is not in the paste, nor of one for another problem', () => {
    expect(lead(event('The handle specified is invalid'))).not.toContain('Windows code');
    expect(
      lead('Status Code: Bad Gateway on the HR app, and the browser console shows 0x80090303'),
    ).not.toContain('Windows code');
  });
});

// w32tm /query /status pasted instead of /stripchart: where the clock syncs from decides.
describe('the clock check read from w32tm /query /status', () => {
  const atClock = (): CaseState => ({
    misses: 0,
    problem: { ...newProblem('Event 12027', 'kerberos-12027'), trail: ['clock'] },
    pending: { kind: 'tree', node: 'clock' },
  });
  const status = (source: string, lastSync: string) =>
    `PS C:\\> w32tm /query /status\nLeap Indicator: 0(no warning)\nStratum: 3 (secondary reference - syncd by (S)NTP)\nReferenceId: 0x0A000004 (source IP:  10.0.0.4)\nLast Successful Sync Time: ${lastSync}\nSource: ${source}\nPoll Interval: 10 (1024s)`;

  it('a server on its own clock goes to the fix for the domain controller and the clock', () => {
    const { reply } = play([status('Local CMOS Clock', 'unspecified')], atClock());
    expect(reply.lead.join(' ')).toContain(
      messages.fromTheOutput("the clock isn't synchronised from the domain"),
    );
    expect(reply.fix?.cause).toBe('dc-spn-trust-or-clock');
  });

  it('a server syncing from a domain controller goes on as in sync', () => {
    const { reply } = play([status('dc01.contoso.local', '12/1/2026 9:14:02 AM')], atClock());
    expect(reply.lead.join(' ')).toContain(messages.fromTheOutput('the clock is within five minutes'));
    expect(reply.fix?.cause).toBe('authorization-access-group');
  });
});
