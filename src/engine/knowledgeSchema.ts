import { z } from 'zod';

// The shape of one knowledge/<topic>.json file. The types the rest of the engine uses are inferred
// from these schemas, so the file format and the code cannot drift apart.

const nonEmpty = z.string().trim().min(1, 'must not be empty');

// Teams renders suggested actions as buttons only when every title is at most 20 characters.
export const MAX_CHOICE_LABEL = 20;
// Adaptive Card buttons wrap or cut longer titles in Teams.
export const MAX_TOPIC_LABEL = 30;

export const linkSchema = z.strictObject({
  title: nonEmpty,
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

export const fixStepSchema = z.union([
  nonEmpty,
  z.strictObject({
    text: nonEmpty,
    powershell: nonEmpty.optional(),
  }),
]);

export const fixSchema = z.strictObject({
  steps: z.array(fixStepSchema).min(1, 'a fix needs at least one step'),
  links: z.array(linkSchema).min(1, 'a fix needs at least one public doc link'),
});

// Regular expressions (case-insensitive, matched against the normalised message) whose presence
// shows the user already told us this cause, so the question that asks about it can be skipped.
const cuesSchema = z.array(nonEmpty).default([]);
// The reverse: what users say that rules the cause out ("she is assigned", "the cert is valid
// until 2027", "we go direct, no proxy"). A fix the user has ruled out is not offered.
const rulesOutSchema = z.array(nonEmpty).default([]);

/** A cause written in the topic's own file: only this topic has it. */
export const causeSchema = z.strictObject({
  id: nonEmpty,
  // One line, shown as "Likely cause: …".
  summary: nonEmpty,
  cues: cuesSchema,
  rulesOut: rulesOutSchema,
  fix: fixSchema,
});

/**
 * A cause several topics share (knowledge/causes/<id>.json): it means the same thing and has the
 * same fix wherever it appears, so its summary and steps are written once.
 */
export const sharedCauseSchema = z.strictObject({
  $schema: z.string().optional(),
  id: nonEmpty,
  summary: nonEmpty,
  // Cues that say this cause whichever topic it comes up in; a topic may add its own.
  cues: cuesSchema,
  rulesOut: rulesOutSchema,
  fix: fixSchema,
});

/** A topic's use of a shared cause: the cues that tell it apart from the topic's other causes. */
export const causeRefSchema = z.strictObject({
  id: nonEmpty,
  shared: z.literal(true),
  cues: cuesSchema,
  // One line on what this cause looks like for this topic, shown above the shared steps.
  context: nonEmpty.optional(),
});

// Which of the two a cause is follows from `shared`, so a broken entry's problems are reported
// against the schema it was meant for (a union would only say "Invalid input").
export const topicCauseSchema = z.unknown().transform((value, ctx): OwnCause | CauseRef => {
  const isRef = typeof value === 'object' && value !== null && 'shared' in value;
  const result = (isRef ? causeRefSchema : causeSchema).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const choiceSchema = z.strictObject({
  label: nonEmpty.max(
    MAX_CHOICE_LABEL,
    `must be at most ${MAX_CHOICE_LABEL} characters (Teams button limit)`,
  ),
  // Typed answers that pick this choice besides its label, e.g. "closed by itself".
  aliases: z.array(nonEmpty).default([]),
  // A yes/no question lets "yep", "nope", "y", "n" pick a choice.
  means: z.enum(['yes', 'no', 'unsure']).optional(),
  // A node of this topic's tree, or another topic to go on with (a triage question such as "what
  // does the page's Status Code say?" names the topic each answer belongs to).
  next: z.union([nonEmpty, z.strictObject({ topic: nonEmpty })]),
});

export const questionNodeSchema = z.strictObject({
  type: z.literal('question'),
  text: nonEmpty,
  choices: z.array(choiceSchema).min(2, 'a question needs at least two choices'),
});

// A check: the bot hands over one command (knowledge/checks/<id>.json) and reads what is pasted
// back; each choice stands for one of the check's outcomes (or, without `outcome`, for an answer
// such as "can't run it now"), so a typed or clicked answer works as at a question.
export const checkChoiceSchema = choiceSchema.extend({ outcome: nonEmpty.optional() });
export const checkNodeSchema = z.strictObject({
  type: z.literal('check'),
  check: nonEmpty,
  // What the check finds out, as a question: matched against the card, and asked of those who
  // would rather answer than paste.
  text: nonEmpty,
  choices: z.array(checkChoiceSchema).min(2, 'a check needs at least two choices'),
});

export const fixNodeSchema = z.strictObject({
  type: z.literal('fix'),
  cause: nonEmpty,
});

export const treeNodeSchema = z.discriminatedUnion('type', [
  questionNodeSchema,
  checkNodeSchema,
  fixNodeSchema,
]);

export const checkSchema = z.strictObject({
  $schema: z.string().optional(),
  id: nonEmpty,
  // What is run, in a few words ("the connector's services").
  title: nonEmpty,
  where: z.enum(['connector-server', 'domain-controller', 'users-pc', 'any-pc']),
  shell: z.enum(['powershell', 'cmd']).default('powershell'),
  command: nonEmpty,
  // What the output shows, in one line of our own words.
  shows: nonEmpty,
  // Whether only application proxy prints this (the connector's services, logs, certificate):
  // output of a general command (nslookup, Test-NetConnection) pasted on its own is ours only when
  // the words around it say so.
  appProxyOnly: z.boolean().default(false),
  // Regular expressions over the pasted text (whitespace folded to single spaces) that say it is
  // this command's output at all, whatever it found.
  recognises: z.array(nonEmpty).min(1),
  outcomes: z
    .array(
      z.strictObject({
        id: nonEmpty,
        // What was found, as the bot says it back ("WAPCSvc is Stopped").
        label: nonEmpty,
        // Regular expressions over the same folded text; the first outcome that matches wins.
        patterns: z.array(nonEmpty).min(1),
        // Pasted with nothing else going on: the problem and cause this outcome shows.
        shows: z.strictObject({ topic: nonEmpty, cause: nonEmpty }).optional(),
        // What it printed is itself an error or event to recognise (a log entry): read like a
        // pasted message, it leads to that error's topic; this outcome's choice is the way on
        // when it names none.
        readAsMessage: z.boolean().default(false),
      }),
    )
    .min(2, 'a check needs at least two outcomes'),
  // Outputs as people paste them, each with the outcome it must read as: checked at load.
  samples: z.array(z.strictObject({ outcome: nonEmpty, output: nonEmpty })).min(1),
});

const aadstsCode = z.string().regex(/^AADSTS\d{5,6}$/, 'must look like AADSTS50059');

export const areaSchema = z.enum([
  'user-access',
  'connector-registration',
  'kerberos-sso',
  'connector-health',
  'publishing',
]);

export const signaturesSchema = z.strictObject({
  // Error texts exactly as the product prints them, old and current wording.
  texts: z.array(nonEmpty).default([]),
  // Codes that name this topic on their own, e.g. AADSTS50059.
  codes: z.array(aadstsCode).default([]),
  eventIds: z.array(z.number().int().positive()).default([]),
  // Hosts, URLs and ports that appear in the error text.
  urls: z.array(nonEmpty).default([]),
  // Short identifiers the product prints that point at this topic without proving it, because
  // other products print them too: a status name or number such as "Bad Gateway" or "502". They
  // tip the classifier's balance; they don't decide alone.
  terms: z.array(nonEmpty).default([]),
  // For a topic whose error other sign-ins print too (a wrong password is AADSTS50126 everywhere):
  // a regular expression a message must also match, e.g. naming the connector, before the topic
  // can be recognised at all.
  onlyWith: nonEmpty.optional(),
  // The reverse, for an error whose code other sign-ins print in a recognisable context
  // (AADSTS50001 when a single-page app asks for a token for its own API): a regular expression
  // that, when the message matches it, means this topic is not the one.
  notWith: nonEmpty.optional(),
});

export const topicSchema = z.strictObject({
  $schema: z.string().optional(),
  id: nonEmpty,
  title: nonEmpty,
  // A short name for buttons and menus.
  label: nonEmpty.max(
    MAX_TOPIC_LABEL,
    `must be at most ${MAX_TOPIC_LABEL} characters (it is a button title)`,
  ),
  area: areaSchema,
  // What the user sees, in one line: used when the bot names the problem.
  seen: nonEmpty,
  signatures: signaturesSchema,
  examples: z.array(nonEmpty).min(12, 'needs at least 12 example phrasings'),
  heldOut: z.array(nonEmpty).min(3, 'needs at least 3 held-out phrasings'),
  // Empty only for a triage topic, whose tree leads on to other topics.
  causes: z.array(topicCauseSchema),
  // The general connector checks (causes of the fallback topic) worth offering once this topic's
  // own causes are tried: only where the connector is involved. Licence, assignment and
  // registration problems get none; an event the connector logged proves its service runs.
  generalChecks: z.array(nonEmpty).default([]),
  // Topics whose events the product logs together with this one's (event 13019 comes with every
  // 12027): found together, they are this one problem, not two.
  loggedWith: z.array(nonEmpty).default([]),
  tree: z.strictObject({
    start: nonEmpty,
    nodes: z.record(z.string(), treeNodeSchema),
  }),
});

export const outOfScopeSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.literal('out-of-scope'),
  // Questions that ask how to do something, what it costs or what's planned, rather than report
  // a problem: a message matching one of `asks` and none of `trouble` is not a problem to solve.
  // Regular expressions over the normalised message.
  notAProblem: z.strictObject({
    asks: z.array(nonEmpty).min(1),
    trouble: z.array(nonEmpty).min(1),
    // Phrases that name trouble only to deny it ("nothing is broken"): not counted as trouble.
    denied: z.array(nonEmpty).default([]),
    // A message that says what it is ("Doc feedback:", "Feature request:", "hypothetical"): not a
    // problem, whatever failure it describes.
    declared: z.array(nonEmpty).default([]),
    // Where such questions are answered: shown with the bot's reply.
    links: z.array(linkSchema).min(1),
  }),
  // Other products (not the neighbours) that publish, proxy or sign in to web apps, or share its
  // words: nginx, a Citrix gateway, Azure Arc. Named, with nothing of application proxy in the
  // message, the problem is theirs. Regular expressions over the normalised message.
  otherProducts: z.array(nonEmpty).default([]),
  examples: z.array(nonEmpty).min(12, 'needs at least 12 example phrasings'),
  heldOut: z.array(nonEmpty).min(3, 'needs at least 3 held-out phrasings'),
});

export const neighbourSchema = z.strictObject({
  id: nonEmpty,
  // The product's name as the bot says it.
  product: nonEmpty,
  // Regular expressions (case-insensitive, over the normalised message) for the product's
  // tell-tale signals: its name, role and service names, cmdlets, event sources, log paths and
  // distinctive error texts. One of them makes the neighbour a candidate.
  signals: z.array(nonEmpty).min(3, 'needs at least 3 tell-tale signals'),
  // Phrasings of its problems, ours, for the classifier; held-out ones only for tests.
  examples: z.array(nonEmpty).min(8, 'needs at least 8 example phrasings'),
  heldOut: z.array(nonEmpty).min(2, 'needs at least 2 held-out phrasings'),
  // One line on why this is not application proxy.
  why: nonEmpty,
  links: z.array(linkSchema).min(1, "needs a link to the product's own troubleshooting"),
});

export const neighboursSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  neighbours: z.array(neighbourSchema).min(1),
});

/** One entry of knowledge/glossary.json: the answer to a follow-up question about a term. */
export const glossaryTermSchema = z.strictObject({
  id: nonEmpty,
  // Words that ask for the term, matched as whole words in the normalised message.
  names: z.array(nonEmpty).min(1),
  // Regular expressions for questions that don't name it ("which ports?", "does E3 include it?").
  patterns: z.array(nonEmpty).default([]),
  // Only while the fix of one of these causes is on screen ("PowerShell instead? it's 40 users").
  causes: z.array(nonEmpty).default([]),
  text: nonEmpty,
  links: z.array(linkSchema).default([]),
});

export const glossarySchema = z.strictObject({
  $comment: z.string().optional(),
  terms: z.array(glossaryTermSchema).min(1),
});

/** A Windows status code a connector event carries, and what it points to. */
export const windowsErrorSchema = z.strictObject({
  code: z.string().regex(/^0x[0-9a-f]{8}$/, 'a code is 0x and eight lower-case hex digits'),
  name: nonEmpty,
  /** The same code as it is also printed (the signed decimal form). */
  also: z.array(nonEmpty).default([]),
  meaning: nonEmpty,
  topics: z.array(nonEmpty).min(1),
  pointsTo: nonEmpty,
  links: z.array(linkSchema).min(1),
});

export const windowsErrorsSchema = z.strictObject({
  $comment: z.string().optional(),
  errors: z.array(windowsErrorSchema).min(1),
});

export const contractSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(2),
  // Each topic's documented causes; a triage topic has none.
  topics: z.record(z.string(), z.array(nonEmpty)),
  // A topic with no cause of its own, and the topics its one question leads to.
  triage: z.record(z.string(), z.array(nonEmpty)).default({}),
  // Other products whose errors look like application proxy's.
  neighbours: z.array(nonEmpty),
  // The topic for "it's broken" with no specific error: offered whenever the bot must ask which
  // topic a vague message is about.
  fallback: nonEmpty,
});

export const lexiconSchema = z.strictObject({
  $comment: z.string().optional(),
  // Each group's words and phrases are read as its first entry, so "AAD", "Azure AD" and
  // "Microsoft Entra ID" count as the same word to the classifier.
  synonyms: z.array(z.array(nonEmpty).min(2)),
  // Words that carry no signal for telling topics apart.
  stopwords: z.array(nonEmpty).default([]),
  // Words that tie a message to Application Proxy; a message without any of them, and with
  // no exact signal, needs a stronger classifier score to be taken as in scope.
  domainWords: z.array(nonEmpty).min(1),
  // Regular expressions (over the normalised message) that name application proxy itself, not
  // just its vocabulary: "app proxy", "msappproxy.net", "private network connector". A message
  // with one is about application proxy even when it also names a neighbouring product.
  anchors: z.array(nonEmpty).min(1),
  // Words that, just before an anchor, deny it ("no app proxy involved"): such a mention counts
  // against application proxy, not for it.
  negations: z.array(nonEmpty).default([]),
  // Regular expressions for a message saying its app isn't published at all ("internal users
  // only", "not exposed to the internet"): counted like a denied anchor.
  notPublished: z.array(nonEmpty).default([]),
});

export type Link = z.infer<typeof linkSchema>;
export type FixStep = z.infer<typeof fixStepSchema>;
export type Fix = z.infer<typeof fixSchema>;
/** A cause as the rest of the engine sees it: shared causes resolved, with this topic's cues. */
export interface Cause {
  readonly id: string;
  readonly summary: string;
  readonly cues: readonly string[];
  readonly rulesOut: readonly string[];
  readonly fix: Fix;
  /** Set when several topics share this cause, for what it looks like in this topic. */
  readonly context?: string;
  readonly shared: boolean;
}
export type OwnCause = z.infer<typeof causeSchema>;
export type SharedCause = z.infer<typeof sharedCauseSchema>;
export type CauseRef = z.infer<typeof causeRefSchema>;
export type Choice = z.infer<typeof choiceSchema>;
export type QuestionNode = z.infer<typeof questionNodeSchema>;
export type FixNode = z.infer<typeof fixNodeSchema>;
export type CheckNode = z.infer<typeof checkNodeSchema>;
export type Check = z.infer<typeof checkSchema>;
export type TreeNode = z.infer<typeof treeNodeSchema>;
export type Area = z.infer<typeof areaSchema>;
export type TopicFile = z.infer<typeof topicSchema>;
/** A topic as loaded: its shared causes resolved. */
export type Topic = Omit<TopicFile, 'causes' | '$schema'> & { readonly causes: readonly Cause[] };
export type Neighbour = z.infer<typeof neighbourSchema>;
/** Where a choice leads: a node of the same tree, or another topic. */
export type ChoiceNext = Choice['next'];
export type OutOfScope = z.infer<typeof outOfScopeSchema>;
export type WindowsError = z.infer<typeof windowsErrorSchema>;
export type Contract = z.infer<typeof contractSchema>;
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;
export type Lexicon = z.infer<typeof lexiconSchema>;
