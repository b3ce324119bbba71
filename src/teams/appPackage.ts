import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

// Builds the Teams app package (manifest.json with the ids filled in, plus its two icons, at the
// zip root) and checks it first: the manifest against the official Teams manifest JSON schema,
// read from the copies that @microsoft/app-manifest ships (never downloaded), then the icons.

/** A reason the package can't be built; `problems` lists the details, one per line. */
export class AppPackageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'AppPackageError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manifest's placeholders, in the Microsoft 365 Agents Toolkit's `${{NAME}}` syntax. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Teams limits on bot commands that the schema doesn't enforce (the command menu shows no more). */
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMANDS_PER_LIST = 10;

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/**
 * Checks an app id: a GUID, as the Bot Framework registration gives it. Returns it trimmed.
 * The value itself is never echoed, in case a secret was pasted in its place.
 */
export function parseAppId(value: string | undefined, name = 'MicrosoftAppId'): string {
  const id = value?.trim() ?? '';
  if (!id)
    throw new AppPackageError(
      `${name} is not set: put the bot's Microsoft Entra app (client) id, a GUID, in the environment or in .env`,
    );
  if (!GUID.test(id))
    throw new AppPackageError(
      `${name} is not a GUID (${id.length} characters): expected the bot's app (client) id, like 00000000-0000-0000-0000-000000000000`,
    );
  return id;
}

export interface ManifestIds {
  /** The bot's app id: fills `${{BOT_ID}}`, and `${{TEAMS_APP_ID}}` unless `teamsAppId` is given. */
  appId: string;
  /** The Teams app id, when it differs from the bot's (the Agents Toolkit's `teamsApp/create` makes one). */
  teamsAppId?: string;
  /** The bot's host name for `validDomains`; without it that entry is left out. */
  botDomain?: string;
}

/** The values for the manifest's placeholders: `env` for any other `${{NAME}}`, then the ids. */
export function manifestVariables(
  ids: ManifestIds,
  env: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) vars[key] = value;
  const appId = parseAppId(ids.appId, 'MicrosoftAppId');
  vars.BOT_ID = appId;
  vars.TEAMS_APP_ID = ids.teamsAppId ? parseAppId(ids.teamsAppId, 'TEAMS_APP_ID') : appId;
  vars.BOT_DOMAIN = ids.botDomain?.trim() ?? '';
  return vars;
}

/**
 * Replaces every `${{NAME}}` in the manifest's strings. A name without a value is an error;
 * `validDomains` entries left empty (no BOT_DOMAIN) are dropped.
 */
export function fillManifest(
  template: unknown,
  vars: Readonly<Record<string, string>>,
): Record<string, unknown> {
  if (!isObject(template)) throw new AppPackageError('manifest.json must hold a JSON object');
  const missing = new Set<string>();
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(PLACEHOLDER, (whole, name: string) => {
        const v = vars[name];
        if (v === undefined) missing.add(name);
        return v ?? whole;
      });
    if (Array.isArray(value)) return value.map(fill);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const manifest = fill(template) as Record<string, unknown>;
  if (missing.size > 0)
    throw new AppPackageError(
      `manifest.json uses ${[...missing].map((n) => `\${{${n}}}`).join(', ')} with no value: set ${[...missing].join(', ')} in the environment or .env`,
    );
  if (Array.isArray(manifest.validDomains))
    manifest.validDomains = manifest.validDomains.filter((d) => !(typeof d === 'string' && d.trim() === ''));
  return manifest;
}

/** Folder of the schema copies inside @microsoft/app-manifest. */
function schemaRoot(): string {
  return path.join(
    path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build',
    'json-schemas',
    'teams',
  );
}

/** The schema versions available offline, e.g. ["v1.0", …, "v1.30", "vDevPreview"]. */
export function offlineSchemaVersions(): string[] {
  return fs
    .readdirSync(schemaRoot())
    .filter((v) => fs.existsSync(path.join(schemaRoot(), v, 'MicrosoftTeams.schema.json')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9A-Za-z.]+)\/MicrosoftTeams\.schema\.json$/i;

/** The schema version a manifest's `$schema` names (e.g. "v1.26"), or a problem. */
export function schemaVersionOf(manifest: Readonly<Record<string, unknown>>): string {
  const url = manifest.$schema;
  if (typeof url !== 'string')
    throw new AppPackageError(
      '/$schema: missing; set it to https://developer.microsoft.com/json-schemas/teams/vX.Y/MicrosoftTeams.schema.json',
    );
  const version = SCHEMA_URL.exec(url)?.[1];
  if (!version)
    throw new AppPackageError(`/$schema: ${url} is not a Microsoft Teams app manifest schema URL`);
  if (!offlineSchemaVersions().includes(version))
    throw new AppPackageError(
      `/$schema: no offline copy of the ${version} schema in @microsoft/app-manifest (it has ${offlineSchemaVersions().join(', ')})`,
    );
  return version;
}

type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;
type Manifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];

function loadSchema(version: string): Schema {
  const file = path.join(schemaRoot(), version, 'MicrosoftTeams.schema.json');
  // A few published schemas carry \a and \v escapes, which JSON doesn't allow.
  const text = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as Schema;
}

/** Turns one of the validator's messages ("<path> <message>. Details: <json>") into "<path>: <message>". */
function describeSchemaError(raw: string): string {
  const space = raw.indexOf(' ');
  let where = space < 0 ? raw : raw.slice(0, space);
  let what = space < 0 ? '' : raw.slice(space + 1);
  const detailsAt = what.lastIndexOf('. Details: ');
  let details: Record<string, unknown> = {};
  if (detailsAt >= 0) {
    try {
      details = JSON.parse(what.slice(detailsAt + '. Details: '.length)) as Record<string, unknown>;
    } catch {
      details = {};
    }
    what = what.slice(0, detailsAt);
  }
  if (typeof details.missingProperty === 'string') {
    where = `${where}/${details.missingProperty}`;
    what = 'is required';
  } else if (typeof details.additionalProperty === 'string') {
    where = `${where}/${details.additionalProperty}`;
    what = 'is not a property the schema allows here';
  } else if (Array.isArray(details.allowedValues)) {
    what = `${what}: ${details.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where || '/'}: ${what}`;
}

/**
 * Validates a filled manifest against the official schema its `$schema` names (offline), then
 * checks what this package needs beyond the schema: exactly one bot, and Teams' command menu limits.
 * Returns the problems, each as "<JSON path>: <what is wrong>"; none means valid.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (!isObject(manifest)) return ['/: the manifest must be a JSON object'];
  let version: string;
  try {
    version = schemaVersionOf(manifest);
  } catch (err) {
    if (err instanceof AppPackageError) return [err.message];
    throw err;
  }
  const raw = await AppManifestUtils.validateAgainstSchema(manifest as Manifest, loadSchema(version));
  const problems = [...new Set(raw.map(describeSchemaError))];

  const bots = manifest.bots;
  if (!Array.isArray(bots) || bots.length === 0)
    problems.push('/bots: the app declares no bot; this package is for a conversational bot');
  else
    bots.forEach((bot: unknown, b) => {
      const lists = isObject(bot) && Array.isArray(bot.commandLists) ? bot.commandLists : [];
      lists.forEach((list: unknown, l) => {
        const commands = isObject(list) && Array.isArray(list.commands) ? list.commands : [];
        const at = `/bots/${b}/commandLists/${l}/commands`;
        if (commands.length > MAX_COMMANDS_PER_LIST)
          problems.push(`${at}: ${commands.length} commands; Teams shows at most ${MAX_COMMANDS_PER_LIST}`);
        commands.forEach((command: unknown, c) => {
          const title = isObject(command) ? command.title : undefined;
          if (typeof title === 'string' && title.length > MAX_COMMAND_TITLE)
            problems.push(
              `${at}/${c}/title: ${title.length} characters; Teams allows at most ${MAX_COMMAND_TITLE}`,
            );
        });
      });
    });

  if (Array.isArray(manifest.validDomains))
    manifest.validDomains.forEach((domain: unknown, d) => {
      if (typeof domain === 'string' && /[/\s]|:\/\//.test(domain))
        problems.push(`/validDomains/${d}: "${domain}" must be a host name only, e.g. bot.example.com`);
    });
  return problems;
}

export interface IconFiles {
  color: string;
  outline: string;
}

/** An icon path from the manifest, resolved inside `manifestDir` (it may not point outside it). */
function iconPath(manifestDir: string, relative: string, which: string): string {
  const root = path.resolve(manifestDir);
  const file = path.resolve(root, relative);
  if (path.isAbsolute(relative) || !file.startsWith(root + path.sep))
    throw new AppPackageError(`/icons/${which}: ${relative} must be a path inside ${manifestDir}`);
  return file;
}

function readPng(file: string, which: string, problems: string[]): PNG | undefined {
  if (!fs.existsSync(file)) {
    problems.push(`/icons/${which}: ${file} does not exist`);
    return undefined;
  }
  try {
    return PNG.sync.read(fs.readFileSync(file));
  } catch (err) {
    problems.push(`/icons/${which}: ${file} is not a readable PNG (${(err as Error).message})`);
    return undefined;
  }
}

/**
 * Checks the two icons Teams requires: color exactly 192x192; outline exactly 32x32 and drawn
 * in white only on a transparent background (each pixel fully transparent, or white at any alpha).
 * Returns the problems; none means both are fine.
 */
export function checkIcons(
  manifestDir: string,
  icons: IconFiles = { color: 'color.png', outline: 'outline.png' },
): string[] {
  const problems: string[] = [];
  const color = readPng(iconPath(manifestDir, icons.color, 'color'), 'color', problems);
  if (color && (color.width !== COLOR_ICON_SIZE || color.height !== COLOR_ICON_SIZE))
    problems.push(
      `/icons/color: ${icons.color} is ${color.width}x${color.height}; it must be ${COLOR_ICON_SIZE}x${COLOR_ICON_SIZE}`,
    );

  const outline = readPng(iconPath(manifestDir, icons.outline, 'outline'), 'outline', problems);
  if (outline) {
    if (outline.width !== OUTLINE_ICON_SIZE || outline.height !== OUTLINE_ICON_SIZE)
      problems.push(
        `/icons/outline: ${icons.outline} is ${outline.width}x${outline.height}; it must be ${OUTLINE_ICON_SIZE}x${OUTLINE_ICON_SIZE}`,
      );
    let coloured = 0;
    let visible = 0;
    let first = '';
    const d = outline.data;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      visible++;
      if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) continue;
      if (coloured++ === 0) {
        const p = i / 4;
        first = ` (first at x=${p % outline.width}, y=${Math.floor(p / outline.width)}: rgba(${d[i]}, ${d[i + 1]}, ${d[i + 2]}, ${d[i + 3]}))`;
      }
    }
    if (coloured > 0)
      problems.push(
        `/icons/outline: ${icons.outline} has ${coloured} pixels that are neither white nor fully transparent${first}; an outline icon is white on a transparent background`,
      );
    else if (visible === 0) problems.push(`/icons/outline: ${icons.outline} is fully transparent`);
  }
  return problems;
}

export interface BuildOptions extends ManifestIds {
  /** Folder holding manifest.json and the icons it names. */
  manifestDir: string;
  /** Where to write the zip. */
  outFile: string;
  /** Values for any other `${{NAME}}` placeholders in the manifest (e.g. process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface BuildResult {
  /** The absolute path of the written zip. */
  outFile: string;
  /** The manifest as packaged. */
  manifest: Record<string, unknown>;
  /** The schema version it was validated against, e.g. "v1.26". */
  schemaVersion: string;
  /** The zip's entries, manifest.json first. */
  entries: string[];
}

/** Fills, validates and zips the app package. Throws AppPackageError with the reasons when anything is wrong. */
export async function buildAppPackage(options: BuildOptions): Promise<BuildResult> {
  const vars = manifestVariables(options, options.env);
  const manifestFile = path.join(options.manifestDir, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new AppPackageError(`Cannot read ${manifestFile}: ${(err as Error).message}`);
  }
  const manifest = fillManifest(template, vars);

  const problems = await validateManifest(manifest);
  const bot = Array.isArray(manifest.bots) && isObject(manifest.bots[0]) ? manifest.bots[0] : undefined;
  if (bot && typeof bot.botId === 'string' && bot.botId.toLowerCase() !== vars.BOT_ID?.toLowerCase())
    problems.push('/bots/0/botId: is not MicrosoftAppId; use the ${{BOT_ID}} placeholder');
  if (problems.length > 0)
    throw new AppPackageError(`${manifestFile} is not a valid Teams app manifest:`, problems);
  const schemaVersion = schemaVersionOf(manifest);

  const icons = manifest.icons as IconFiles; // the schema requires both as strings
  const iconProblems = checkIcons(options.manifestDir, icons);
  if (iconProblems.length > 0)
    throw new AppPackageError('The app icons are not what Teams requires:', iconProblems);

  const zip = new JSZip();
  const entries = ['manifest.json'];
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const which of ['color', 'outline'] as const) {
    const name = path.posix.normalize(icons[which].replace(/\\/g, '/'));
    if (entries.includes(name)) continue;
    zip.file(name, fs.readFileSync(iconPath(options.manifestDir, icons[which], which)));
    entries.push(name);
  }
  const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const outFile = path.resolve(options.outFile);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, data);
  return { outFile, manifest, schemaVersion, entries };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
