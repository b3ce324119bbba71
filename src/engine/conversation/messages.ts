import { lowerFirst, printable } from '../text';
import type { Area, Link, WindowsError } from '../knowledgeSchema';

// Everything the bot says that is not knowledge: one place, so wording stays consistent.

export const AREA_LABELS: Readonly<Record<Area, string>> = {
  'user-access': 'User access',
  'connector-registration': 'Connector registration',
  'kerberos-sso': 'Kerberos single sign-on',
  'connector-health': 'Connector health',
  publishing: 'Publishing an app',
};

export const EXAMPLES = [
  "This corporate app can't be accessed ... Status Code: BadGateway",
  'Connector registration failed ... AADSTS50059',
  'Event 13020',
  'our API client gets the Microsoft sign-in page instead of JSON',
];

const COVERAGE =
  'users who can\'t reach a published app (the "can\'t be accessed" pages and their status codes), publishing problems (custom domains, broken links, APIs and native clients, Remote Desktop), connector registration, installation and health, and Kerberos single sign-on';

export const messages = {
  intro: [
    `Hi! I troubleshoot **Microsoft Entra application proxy** (formerly Azure AD Application Proxy) and its private network connector: ${COVERAGE}.`,
    'Paste the error text, an event ID or an Event Viewer entry, or describe what you see. For example:',
    ...EXAMPLES.map((e) => `- ${e}`),
    '',
    'Type **help** at any time for the topic menu, **start over** to begin again.',
  ].join('\n'),
  menuQuestion: 'Which area is your problem in?',
  menuTopicQuestion: (area: string) => `${area}: which of these is it?`,
  named: (title: string) => `This looks like: **${title}**`,
  causeKnown: (summary: string) => `From what you said, the likely cause is: ${summary}`,
  whichTopic: 'I can think of a few problems that match. Which of these is closest?',
  noneOfThese: 'None of these',
  confirmTopic: (title: string) =>
    `Is this an app published through Microsoft Entra application proxy? If so, it sounds like: **${title}**. Is that it?`,
  tellMeMore:
    "Tell me a bit more: paste the error text or the event ID, or describe what you see. Or pick the area it's in:",
  rephrase:
    "OK. Could you paste the exact error text (or the event ID), or describe what you see in a bit more detail? I'll take another look.",
  outOfScope: `Sorry, that doesn't look like an application proxy problem I know. I cover ${COVERAGE}. Paste the error text or an event ID and I'll take it from there.`,
  outOfScopeForeign:
    "That error isn't one Microsoft documents for application proxy, so I can't give you a reliable fix for it. If you also see one of the documented errors, paste it and I'll help with that; otherwise the general connector checks (type **help**) are a good start.",
  outOfScopeAgain: "I still can't place it. Here's what I can help with; pick the area that's closest:",
  neighbour: (product: string, why: string, links: readonly Link[]) =>
    [
      `This looks like **${product}**, not Microsoft Entra application proxy. ${why}`,
      `Its own troubleshooting: ${links.map((l) => `[${l.title}](${l.url})`).join(', ')}.`,
      "If application proxy is involved after all, paste the error you see on the application proxy side (the page users get, or the connector's event) and I'll take it from there.",
    ].join('\n\n'),
  neighbourAgain: (product: string, why: string, links: readonly Link[]) =>
    [
      `They share words like connector, agent and proxy, but **${product}** is a separate product from Microsoft Entra application proxy. ${why}`,
      `So the application proxy fixes won't help with it; its own troubleshooting will: ${links.map((l) => `[${l.title}](${l.url})`).join(', ')}.`,
      "If you also run application proxy and see one of its errors (the page users get, or an event in the private network connector's log), paste it and I'll help with that.",
    ].join('\n\n'),
  neighbourForIt: (product: string, said: string | undefined, links: readonly Link[]) =>
    [
      "That's one for your IT team. Send them this (copy it as it is, and fill in anything in angle brackets):",
      [
        '```',
        'Hello IT,',
        // Their words inside a code block: a backtick of theirs must not close it.
        said
          ? `I have this problem: ${said.replace(/`/g, "'").replace(/\s+/g, ' ')}`
          : 'I have a problem: <what you see, and since when>.',
        `Product involved: ${product}. (It is not Microsoft Entra application proxy.)`,
        `Their troubleshooting: ${links.map((l) => l.url).join(' , ')}`,
        'When it happens: <date and time>. My computer: <its name, if you know it>.',
        '```',
      ].join('\n'),
    ].join('\n\n'),
  notAProblem: (links: readonly Link[]) =>
    [
      "I'm a troubleshooter: I help when something in application proxy isn't working. Questions about how to set it up, what it costs or what's planned are best answered by the documentation:",
      ...links.map((l) => `- [${l.title}](${l.url})`),
      "If something does fail along the way, paste the error and I'll help you fix it.",
    ].join('\n'),
  thanks: "You're welcome! Message me whenever Application Proxy gives you trouble again.",
  cancelled: "OK, I've stopped. Paste an error or type **help** whenever you're ready.",
  nothingToCancel: 'Nothing is in progress. Paste an error or type **help** to see what I can do.',
  restarted: "Let's start over.",
  didItWork: 'Did that fix it?',
  yes: 'Yes, it works',
  no: 'No, still broken',
  fixed: "Great, glad it's working again! If anything else comes up, just paste the error here.",
  checkWhere: {
    'connector-server': 'On the connector server',
    'domain-controller': 'On a domain controller',
    'users-pc': "On the user's PC",
    'any-pc': 'On any PC (outside your network is best)',
  } as Record<'connector-server' | 'domain-controller' | 'users-pc' | 'any-pc', string>,
  runCheck: (where: string, shell: 'powershell' | 'cmd', shows: string) =>
    `Rather than guess, let's look. ${where}, run this in ${shell === 'cmd' ? 'a command prompt' : 'PowerShell'} and paste what it prints here (it shows ${shows}). Or just answer with a button.`,
  fromTheOutput: (label: string) => `From the output: **${label}**.`,
  fromTheLog: 'The log names a documented error, so that is the one to fix.',
  fromTheOutputOf: (title: string, label: string) => `From the output of ${title}: **${label}**.`,
  notCheckOutput: (title: string) =>
    `That doesn't look like the output of the command above (${title}). Paste what it prints, or tell me what it says (or click a button).`,
  tellMeAboutNext: (what: string) =>
    `You also asked about "${printable(what)
      .replace(/[`*_[\]]/g, '')
      .replace(/\?\s*$/, '')
      .slice(
        0,
        120,
      )}": tell me what happens there (the error text, the Status Code on the page, or what users see), and we'll go through it.`,
  nextCause: "Then let's try the next likely cause.",
  generalChecks: "Let's run the general connector checks next; they often show what's really going on.",
  summaryIntro:
    "I'm out of documented fixes for this one. Here is a summary you can paste into a support ticket with Microsoft or your team:",
  allSteps: (more: number) => `Show the other ${more} step${more === 1 ? '' : 's'}`,
  allStepsInText: (title: string) =>
    `(${/\d+/.exec(title)?.[0] ?? 'More'} more: type **all steps** to see them.)`,
  personSummary:
    "I can't hand you to a person from here. Here is the case so far, to paste into a message to your support team or into a Microsoft support request (Help + support > Create a support request in the Azure portal or the Microsoft Entra admin center: [how to create one](https://learn.microsoft.com/en-us/azure/azure-portal/supportability/how-to-create-azure-support-request)):",
  microsoftCaseSummary:
    'For a Microsoft support request (Help + support > Create a support request, in the Azure portal or the Microsoft Entra admin center: [how to create one](https://learn.microsoft.com/en-us/azure/azure-portal/supportability/how-to-create-azure-support-request)), here is the case so far to paste into its description:',
  personNoCase:
    "I can't hand you to a person from here. Tell me what goes wrong (paste the error or describe it): I'll walk you to the documented fix, or write up the case for your support team or a Microsoft support request ([how to create one](https://learn.microsoft.com/en-us/azure/azure-portal/supportability/how-to-create-azure-support-request)).",
  summaryOutro: "If it says something different now, paste it here and I'll look at that.",
  retry: 'Please pick one of the options (click a button, or type its number or words from it).',
  retryInOwnWords:
    "I didn't catch which one you mean. Click a button, type its number, or say it in a few words; ask me if a word in the question is unclear.",
  retryDidItWork:
    'Did that fix the problem? Tell me **yes, it works** or **no, still broken** (or how far it got), or ask me about any step.',
  didItHelp: 'Thanks. And since then: does it work now?',
  confirmFixed: 'Good to hear. And the problem itself: is it gone now?',
  takenAsUnsure: 'I\'ll take that as "not sure" and go on.',
  wait: (coming: string) =>
    `Sure, take your time. ${coming} I'll keep our place; type **start over** if you'd rather begin something else.`,
  waitForFix: 'When you have tried it, tell me how it went (or click a button above).',
  waitForAnswer: 'When you know, answer the question above (click a button or just say it).',
  fromWhatYouSaid: (label: string) => `From what you said: **${label}**.`,
  ruledOutSkipped: (summary: string) => `You've ruled out that ${lowerFirst(summary)}`,
  notQuiteAnswer:
    "I don't have a ready answer to that one here. The documentation linked above goes into more detail.",
  back: 'OK, back one step.',
  nothingToGoBack: "We're at the first question already.",
  afterFailure:
    "Sorry that didn't help. Is it the same error as before, or does something different show now?",
  sameError: 'Same error',
  differentError: 'Something different',
  pasteNewError:
    "Paste what it says now (the error text, the event, or what you see), and I'll take it from there.",
  thatFits: (summary: string) =>
    `That fits the cause above (${lowerFirst(summary).replace(/\.$/, '')}): the steps are right above.`,
  whatIsLeft:
    'Part of the way, then. What do the ones still failing have in common, or what do they see now? (Guests or personal accounts, one office, another error...)',
  onlyCauseLeft:
    "From what you've said this shouldn't be it, but it's the only documented cause left and the error still points to it: the catch is often in a detail of the steps below.",
  partly: "Part of the way, then. What's left may have another cause:",
  failedWithNews: 'Thanks, that helps. Going by what you said:',
  reopened: "Sorry, let's pick it up again.",
  twoProblems: (first: string, second: string, why: string) =>
    `You've pasted two problems: **${first}** and **${second}**. Let's take the first one first, ${why}; I'll come back to the other after.`,
  fixedThenOther: "Great, that one's fixed.",
  meanwhileOther: "While that one's in hand, let's look at the other.",
  windowsError: (e: WindowsError) =>
    `The Windows code in what you pasted, **${e.code}** (${e.name}: ${e.meaning}), points to ${e.pointsTo}. ([${e.links[0]!.title}](${e.links[0]!.url}))`,
  otherOneDone: (title: string) => `Good, that one's sorted. Back to **${title}**:`,
  nowTheOther: (title: string) => `Now the other one you pasted: **${title}**.`,
  notAdmin: "I'm not the admin",
  endUser: (message: string) =>
    [
      'This one needs the admin of the app: the fix is in settings only they can change. Send your IT help desk this message (copy it as it is, and fill in anything in angle brackets):',
      message,
    ].join('\n\n'),
  staleClick: "That question has already been answered, so I've ignored that click. Here's where we are:",
  stateReset:
    "I've been updated since we last spoke, so I've started our conversation afresh. What's the problem?",
  busy: 'Sorry, something went wrong on my side. Please try again in a moment.',
  slowDown:
    "You're sending messages faster than I can keep up with, so I'll pause for a minute. Your troubleshooting is saved; carry on where you left off in a moment.",
  collision:
    'Two of your messages arrived at the same moment and I could only take one. Please send your last answer again.',
} as const;
