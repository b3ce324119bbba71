import type { Area } from '../src/engine/knowledgeSchema';

// Everything the bot says that is not knowledge: one place, so wording stays consistent.

export const AREA_LABELS: Readonly<Record<Area, string>> = {
  'user-access': 'User access',
  'connector-registration': 'Connector registration',
  'kerberos-sso': 'Kerberos single sign-on',
  'connector-health': 'Connector health',
};

export const EXAMPLES = [
  'Connector registration failed ... AADSTS50059',
  'Event 13020',
  'users see "The website cannot display the page"',
];

export const messages = {
  intro: [
    "Hi! I troubleshoot **Microsoft Entra application proxy** (formerly Azure AD Application Proxy): users who can't reach a published app, connector registration errors, Kerberos single sign-on events and connector health.",
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
  rephrase:
    "OK. Could you paste the exact error text (or the event ID), or describe what you see in a bit more detail? I'll take another look.",
  outOfScope:
    "Sorry, that doesn't look like an Application Proxy problem I know. I cover published-app access errors, connector registration, Kerberos single sign-on (events 12008, 13016, 13019, 13020, 13022) and connector health. Paste the error text or an event ID and I'll take it from there.",
  outOfScopeForeign:
    "That error isn't one the Application Proxy troubleshooting guide covers, so I can't give you a reliable fix for it. If you also see one of the documented errors, paste it and I'll help with that; otherwise the general connector checks (type **help**) are a good start.",
  outOfScopeAgain: "I still can't place it. Here's what I can help with; pick the area that's closest:",
  thanks: "You're welcome! Message me whenever Application Proxy gives you trouble again.",
  cancelled: "OK, I've stopped. Paste an error or type **help** whenever you're ready.",
  nothingToCancel: 'Nothing is in progress. Paste an error or type **help** to see what I can do.',
  restarted: "Let's start over.",
  didItWork: 'Did that fix it?',
  yes: 'Yes, it works',
  no: 'No, still broken',
  fixed: "Great, glad it's working again! If anything else comes up, just paste the error here.",
  nextCause: "Then let's try the next likely cause.",
  generalChecks: "Let's run the general connector checks next; they often show what's really going on.",
  summaryIntro:
    "I'm out of documented fixes for this one. Here is a summary you can paste into a support ticket with Microsoft or your team:",
  retry: 'Please pick one of the options (click a button, or type its number or words from it).',
  staleClick: "That question has already been answered, so I've ignored that click. Here's where we are:",
  stateReset:
    "I've been updated since we last spoke, so I've started our conversation afresh. What's the problem?",
  busy: 'Sorry, something went wrong on my side. Please try again in a moment.',
  slowDown:
    "You're sending messages faster than I can keep up with, so I'll pause for a minute. Your troubleshooting is saved; carry on where you left off in a moment.",
  collision:
    'Two of your messages arrived at the same moment and I could only take one. Please send your last answer again.',
} as const;
