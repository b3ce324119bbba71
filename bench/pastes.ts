// Realistic large pastes for the recogniser's latency: what an admin copies out of Event Viewer or
// the connector's trace log when something breaks. One documented error, wrapped in its Event
// Viewer entry, sits somewhere in ~20 KB of the connector's routine chatter (heartbeats,
// configuration updates, backend requests, trust renewal checks, Windows service events).
// Deterministic: the same seed gives the same pastes, so runs compare.

export interface Paste {
  readonly text: string;
  /** The topic of the error hidden in the noise. */
  readonly topic: string;
}

export interface PasteSource {
  readonly error: string;
  readonly topic: string;
  /** The Kerberos event id the error is logged under, when it has one. */
  readonly eventId?: number;
}

/** A small, seeded PRNG (mulberry32): reproducible noise without a dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = [
  'intranet.contoso.local',
  'expenses.contoso.local',
  'hr-portal',
  'sharepoint.corp.contoso.com',
];
const PATHS = ['/', '/default.aspx', '/api/claims?page=2', '/_layouts/15/start.aspx', '/images/logo.png'];
const SERVICES = ['WAP Connector Updater', 'Microsoft Entra private network connector', 'Windows Update'];

export function createPasteBuilder(seed: number): (source: PasteSource, bytes: number) => Paste {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  // Numbers in the noise stay clear of the documented Kerberos event ids (12008, 13016...).
  const small = (max: number) => Math.floor(random() * max);
  let clock = Date.UTC(2025, 10, 24, 7, 0, 0);
  const stamp = () => {
    clock += 200 + small(40_000);
    return new Date(clock).toISOString().replace('T', ' ').replace('Z', '');
  };

  const noise: (() => string)[] = [
    () => `${stamp()} [Information] Heartbeat sent to the service. Latency: ${5 + small(90)} ms`,
    () =>
      `${stamp()} [Information] TransactionId ${guid()}: backend request GET https://${pick(HOSTS)}${pick(PATHS)} completed in ${small(900)} ms, 200 OK, ${1 + small(900)} KB`,
    () =>
      `${stamp()} [Verbose] Connector ${guid()} received a configuration update: ${1 + small(30)} applications, ${small(5)} connector groups`,
    () => `${stamp()} [Information] Trust renewal is not due; next check in ${1 + small(170)} hours`,
    () =>
      `${stamp()} [Verbose] Signalling channel to ${pick(['weu', 'neu', 'eus', 'wus2'])}-${small(9)}.bootstrap.msappproxy.net renewed, session ${guid()}`,
    () => `${stamp()} [Information] The ${pick(SERVICES)} service entered the running state.`,
    () =>
      `${stamp()} [Warning] Backend request to https://${pick(HOSTS)}${pick(PATHS)} took ${2 + small(8)}.${small(10)} s (threshold 2 s), TransactionId ${guid()}`,
    () =>
      `Information\t${new Date(clock).toLocaleString('en-US', { timeZone: 'UTC' })}\tMicrosoft AAD Application Proxy Connector\t${31_000 + small(900)}\tNone`,
  ];

  const eventEntry = (source: PasteSource) =>
    [
      'Log Name:      Microsoft-AadApplicationProxy-Connector/Admin',
      'Source:        Microsoft AAD Application Proxy Connector',
      `Date:          ${new Date(clock).toLocaleString('en-US', { timeZone: 'UTC' })}`,
      `Event ID:      ${source.eventId ?? 12_000 + small(7)}`,
      'Task Category: None',
      'Level:         Error',
      'Keywords:      Classic',
      'User:          NETWORK SERVICE',
      `Computer:      APPPROXY0${1 + small(4)}.corp.contoso.com`,
      'Description:',
      source.error,
      '',
    ].join('\n');

  return (source, bytes) => {
    const lines: string[] = [];
    let size = 0;
    while (size < bytes) {
      const line = pick(noise)();
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    // Anywhere in the first four fifths, so the error is within what the recogniser analyses.
    const at = Math.floor(random() * lines.length * 0.8);
    const entry = eventEntry(source);
    let text = [...lines.slice(0, at), entry, ...lines.slice(at)].join('\n');
    // Trim the noise back to the target size, keeping the error entry whole.
    while (Buffer.byteLength(text) > bytes && lines.length > at + 1) {
      lines.pop();
      text = [...lines.slice(0, at), entry, ...lines.slice(at)].join('\n');
    }
    return { text, topic: source.topic };
  };
}
