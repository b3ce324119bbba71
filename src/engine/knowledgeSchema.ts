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

export const causeSchema = z.strictObject({
  id: nonEmpty,
  // One line, shown as "Likely cause: …".
  summary: nonEmpty,
  // Regular expressions (case-insensitive, matched against the normalised message) whose presence
  // shows the user already told us this cause, so the question that asks about it can be skipped.
  cues: z.array(nonEmpty).default([]),
  fix: fixSchema,
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
  next: nonEmpty,
});

export const questionNodeSchema = z.strictObject({
  type: z.literal('question'),
  text: nonEmpty,
  choices: z.array(choiceSchema).min(2, 'a question needs at least two choices'),
});

export const fixNodeSchema = z.strictObject({
  type: z.literal('fix'),
  cause: nonEmpty,
});

export const treeNodeSchema = z.discriminatedUnion('type', [questionNodeSchema, fixNodeSchema]);

const aadstsCode = z.string().regex(/^AADSTS\d{5,6}$/, 'must look like AADSTS50059');

export const areaSchema = z.enum([
  'user-access',
  'connector-registration',
  'kerberos-sso',
  'connector-health',
]);

export const signaturesSchema = z.strictObject({
  // Error texts exactly as the product prints them, old and current wording.
  texts: z.array(nonEmpty).default([]),
  // Codes that name this topic on their own, e.g. AADSTS50059.
  codes: z.array(aadstsCode).default([]),
  eventIds: z.array(z.number().int().positive()).default([]),
  // Hosts, URLs and ports that appear in the error text.
  urls: z.array(nonEmpty).default([]),
  // For a topic whose error other sign-ins print too (a wrong password is AADSTS50126 everywhere):
  // a regular expression a message must also match, e.g. naming the connector, before the topic
  // can be recognised at all.
  onlyWith: nonEmpty.optional(),
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
  causes: z.array(causeSchema).min(1, 'a topic needs at least one cause'),
  tree: z.strictObject({
    start: nonEmpty,
    nodes: z.record(z.string(), treeNodeSchema),
  }),
});

export const outOfScopeSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.literal('out-of-scope'),
  examples: z.array(nonEmpty).min(12, 'needs at least 12 example phrasings'),
  heldOut: z.array(nonEmpty).min(3, 'needs at least 3 held-out phrasings'),
});

export const contractSchema = z.strictObject({
  $comment: z.string().optional(),
  topics: z.record(z.string(), z.array(nonEmpty)),
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
});

export type Link = z.infer<typeof linkSchema>;
export type FixStep = z.infer<typeof fixStepSchema>;
export type Fix = z.infer<typeof fixSchema>;
export type Cause = z.infer<typeof causeSchema>;
export type Choice = z.infer<typeof choiceSchema>;
export type QuestionNode = z.infer<typeof questionNodeSchema>;
export type FixNode = z.infer<typeof fixNodeSchema>;
export type TreeNode = z.infer<typeof treeNodeSchema>;
export type Area = z.infer<typeof areaSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type OutOfScope = z.infer<typeof outOfScopeSchema>;
export type Contract = z.infer<typeof contractSchema>;
export type Lexicon = z.infer<typeof lexiconSchema>;
