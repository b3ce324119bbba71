import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  AppPackageError,
  buildAppPackage,
  checkIcons,
  fillManifest,
  manifestVariables,
  parseAppId,
  schemaVersionOf,
  validateManifest,
} from '../../src/teams/appPackage';

// @microsoft/app-manifest requires strip-bom 5, an ES module, which Jest can't require() on Node 20
// (Node itself can, so the CLI needs no such help). Stand in for that one copy with the same function.
jest.mock(
  require.resolve('strip-bom', {
    paths: [
      jest
        .requireActual<typeof import('node:path')>('node:path')
        .dirname(require.resolve('@microsoft/app-manifest')),
    ],
  }),
  () => (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
);

jest.setTimeout(30_000);

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const APP_ID = '3f2b8c1e-5d4a-4b6f-9e21-7c0a1b2c3d4e';
const OTHER_ID = 'a1b2c3d4-e5f6-4a5b-8c7d-0123456789ab';

type Json = Record<string, unknown>;
const template = (): Json =>
  JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Json;
const filled = (): Json =>
  fillManifest(template(), manifestVariables({ appId: APP_ID, botDomain: 'bot.example.com' }));
const bot = (m: Json): Json => (m.bots as Json[])[0] as Json;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A manifest folder in tmp: the real manifest.json and icons, with any of them replaced. */
function manifestDir(replace: { manifest?: Json; color?: PNG; outline?: PNG } = {}): string {
  const dir = path.join(tmp, 'manifest');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(replace.manifest ?? template()));
  for (const name of ['color', 'outline'] as const) {
    const file = path.join(dir, `${name}.png`);
    const png = replace[name];
    if (png) fs.writeFileSync(file, PNG.sync.write(png));
    else fs.copyFileSync(path.join(MANIFEST_DIR, `${name}.png`), file);
  }
  return dir;
}

function image(size: number, rgba: readonly [number, number, number, number]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) rgba.forEach((v, c) => (png.data[i + c] = v));
  return png;
}

describe('the real manifest', () => {
  it('validates against the official Teams schema, offline', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('no network in this test');
    });
    try {
      const manifest = filled();
      expect(await validateManifest(manifest)).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
      const version = schemaVersionOf(manifest);
      expect(Number(version.replace(/^v1\./, ''))).toBeGreaterThanOrEqual(22);
      expect(manifest.manifestVersion).toBe(version.slice(1));
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('declares the bot in every scope, with a command list per scope', () => {
    const manifest = filled();
    expect(manifest.name).toEqual({ short: 'App Proxy Helper', full: 'Application Proxy Troubleshooter' });
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['bot.example.com']);
    const b = bot(manifest);
    expect(b.botId).toBe(APP_ID);
    expect(b.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(b.supportsFiles).toBe(false);
    const lists = b.commandLists as { scopes: string[]; commands: { title: string }[] }[];
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of lists)
      expect(list.commands.map((c) => c.title)).toEqual(
        expect.arrayContaining(['help', 'start over', 'AADSTS50059', 'Event 13020']),
      );
  });

  it('uses the Agents Toolkit placeholders, filled from the app id', () => {
    const text = JSON.stringify(template());
    expect(text).toContain('"${{TEAMS_APP_ID}}"');
    expect(text).toContain('"${{BOT_ID}}"');
    const separate = fillManifest(template(), manifestVariables({ appId: APP_ID, teamsAppId: OTHER_ID }));
    expect(separate.id).toBe(OTHER_ID);
    expect(bot(separate).botId).toBe(APP_ID);
    // No BOT_DOMAIN: its validDomains entry is left out rather than left empty.
    expect(separate.validDomains).toEqual([]);
    expect(JSON.stringify(separate)).not.toContain('${{');
  });

  it('rejects a placeholder with no value, naming it', () => {
    const manifest = { ...template(), packageName: '${{PACKAGE_NAME}}' };
    expect(() => fillManifest(manifest, manifestVariables({ appId: APP_ID }))).toThrow(
      /\$\{\{PACKAGE_NAME\}\}.*set PACKAGE_NAME/,
    );
    const withEnv = fillManifest(
      manifest,
      manifestVariables({ appId: APP_ID }, { PACKAGE_NAME: 'com.example.x' }),
    );
    expect(withEnv.packageName).toBe('com.example.x');
  });
});

describe('a broken manifest is rejected with the path', () => {
  it('missing bot', async () => {
    const manifest = filled();
    delete manifest.bots;
    expect(await validateManifest(manifest)).toEqual([expect.stringMatching(/^\/bots: .*no bot/)]);
  });

  it('bad scope', async () => {
    const manifest = filled();
    bot(manifest).scopes = ['personal', 'channel'];
    const problems = await validateManifest(manifest);
    expect(problems).toContainEqual(expect.stringMatching(/^\/bots\/0\/scopes\/1: .*"personal"/));
  });

  it('a field of the wrong type', async () => {
    const manifest = filled();
    bot(manifest).supportsFiles = 'no';
    (manifest.description as Json).full = 42;
    const problems = await validateManifest(manifest);
    expect(problems).toContainEqual('/bots/0/supportsFiles: must be boolean');
    expect(problems).toContainEqual('/description/full: must be string');
  });

  it('a missing required field, an unknown field, a bad id', async () => {
    const manifest: Json = { ...filled(), colour: '#FFFFFF', id: 'not-a-guid' };
    delete manifest.developer;
    const problems = await validateManifest(manifest);
    expect(problems).toContainEqual('/developer: is required');
    expect(problems).toContainEqual('/colour: is not a property the schema allows here');
    expect(problems).toContainEqual(expect.stringMatching(/^\/id: must match pattern/));
  });

  it('Teams command menu limits beyond the schema', async () => {
    const manifest = filled();
    const list = (bot(manifest).commandLists as Json[])[0] as { commands: Json[] };
    list.commands[2] = { title: 'Connector failed to download the configuration', description: 'x' };
    expect(await validateManifest(manifest)).toEqual([
      '/bots/0/commandLists/0/commands/2/title: 46 characters; Teams allows at most 32',
    ]);
  });

  it('a schema that is not shipped offline, or no schema', async () => {
    const manifest = filled();
    manifest.$schema = 'https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json';
    expect(await validateManifest(manifest)).toEqual([
      expect.stringMatching(/^\/\$schema: no offline copy of the v9.99/),
    ]);
    delete manifest.$schema;
    expect(await validateManifest(manifest)).toEqual([expect.stringMatching(/^\/\$schema: missing/)]);
  });

  it('stops the build, listing the problems, and writes no zip', async () => {
    const manifest = template();
    bot(manifest).scopes = ['personal', 'channel'];
    const outFile = path.join(tmp, 'out', 'appPackage.zip');
    const build = buildAppPackage({ appId: APP_ID, manifestDir: manifestDir({ manifest }), outFile });
    await expect(build).rejects.toThrow(AppPackageError);
    await expect(build).rejects.toMatchObject({
      message: expect.stringContaining('is not a valid Teams app manifest'),
      problems: [expect.stringMatching(/^\/bots\/0\/scopes\/1: /)],
    });
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it('a botId that is not the app id', async () => {
    const manifest = template();
    bot(manifest).botId = OTHER_ID;
    const build = buildAppPackage({
      appId: APP_ID,
      manifestDir: manifestDir({ manifest }),
      outFile: path.join(tmp, 'x.zip'),
    });
    await expect(build).rejects.toMatchObject({ problems: [expect.stringMatching(/^\/bots\/0\/botId: /)] });
  });
});

describe('the app id', () => {
  it.each([undefined, '', '   '])('missing (%p) is rejected with a clear message', (value) => {
    expect(() => parseAppId(value)).toThrow(
      /^MicrosoftAppId is not set: put the bot's Microsoft Entra app \(client\) id, a GUID, in the environment or in \.env$/,
    );
  });

  it.each(['not-a-guid', '3f2b8c1e5d4a4b6f9e217c0a1b2c3d4e', `{${APP_ID}}`, `${APP_ID}0`])(
    'non-GUID %p is rejected without echoing it',
    (value) => {
      let message = '';
      try {
        parseAppId(value);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^MicrosoftAppId is not a GUID \(\d+ characters\)/);
      expect(message).not.toContain(value);
    },
  );

  it('a GUID is accepted, trimmed, in either case', () => {
    expect(parseAppId(` ${APP_ID.toUpperCase()}\n`)).toBe(APP_ID.toUpperCase());
  });

  it('the build rejects a missing or bad id, and a bad TEAMS_APP_ID', async () => {
    const outFile = path.join(tmp, 'x.zip');
    await expect(buildAppPackage({ appId: '', manifestDir: MANIFEST_DIR, outFile })).rejects.toThrow(
      /^MicrosoftAppId is not set/,
    );
    await expect(buildAppPackage({ appId: 'abc', manifestDir: MANIFEST_DIR, outFile })).rejects.toThrow(
      /^MicrosoftAppId is not a GUID/,
    );
    await expect(
      buildAppPackage({ appId: APP_ID, teamsAppId: 'abc', manifestDir: MANIFEST_DIR, outFile }),
    ).rejects.toThrow(/^TEAMS_APP_ID is not a GUID/);
    expect(fs.existsSync(outFile)).toBe(false);
  });
});

describe('the icons', () => {
  it('the real ones pass: 192x192 colour, 32x32 white on transparent', () => {
    expect(checkIcons(MANIFEST_DIR)).toEqual([]);
    const outline = PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) alphas.add(outline.data[i + 3] as number);
    expect(alphas.has(0)).toBe(true); // a transparent background
    expect(alphas.has(255)).toBe(true); // and a solid shape
  });

  it('a wrong size is rejected', () => {
    const dir = manifestDir({
      color: image(64, [15, 108, 189, 255]),
      outline: image(48, [255, 255, 255, 255]),
    });
    expect(checkIcons(dir)).toEqual([
      '/icons/color: color.png is 64x64; it must be 192x192',
      '/icons/outline: outline.png is 48x48; it must be 32x32',
    ]);
  });

  it('a coloured outline is rejected, naming a bad pixel', () => {
    const outline = image(32, [255, 255, 255, 0]);
    outline.data.set([255, 255, 255, 128], (1 * 32 + 1) * 4); // white at half alpha: fine
    outline.data.set([200, 0, 0, 255], (3 * 32 + 5) * 4);
    outline.data.set([0, 0, 0, 10], (4 * 32 + 5) * 4);
    const problems = checkIcons(manifestDir({ outline }));
    expect(problems).toEqual([
      expect.stringContaining('has 2 pixels that are neither white nor fully transparent'),
    ]);
    expect(problems[0]).toContain('x=5, y=3: rgba(200, 0, 0, 255)');
  });

  it('an opaque background on the outline is rejected', () => {
    const problems = checkIcons(manifestDir({ outline: image(32, [0, 0, 0, 255]) }));
    expect(problems).toEqual([
      expect.stringContaining('has 1024 pixels that are neither white nor fully transparent'),
    ]);
  });

  it('an empty outline, a missing file and a non-PNG are rejected', () => {
    const dir = manifestDir({ outline: image(32, [255, 255, 255, 0]) });
    expect(checkIcons(dir)).toEqual(['/icons/outline: outline.png is fully transparent']);
    fs.rmSync(path.join(dir, 'color.png'));
    fs.writeFileSync(path.join(dir, 'outline.png'), 'not a png');
    const problems = checkIcons(dir);
    expect(problems[0]).toMatch(/^\/icons\/color: .*color\.png does not exist$/);
    expect(problems[1]).toMatch(/^\/icons\/outline: .*outline\.png is not a readable PNG/);
  });

  it('an icon path outside the manifest folder is rejected', () => {
    expect(() => checkIcons(MANIFEST_DIR, { color: '../package.json', outline: 'outline.png' })).toThrow(
      /\/icons\/color: \.\.\/package\.json must be a path inside/,
    );
  });

  it('the build stops on a bad icon', async () => {
    const dir = manifestDir({ color: image(191, [15, 108, 189, 255]) });
    await expect(
      buildAppPackage({ appId: APP_ID, manifestDir: dir, outFile: path.join(tmp, 'x.zip') }),
    ).rejects.toMatchObject({ problems: ['/icons/color: color.png is 191x191; it must be 192x192'] });
  });
});

describe('the package', () => {
  it('is a zip of manifest.json (ids filled) and the two icons at its root', async () => {
    const outFile = path.join(tmp, 'nested', 'appPackage.zip');
    const result = await buildAppPackage({
      appId: APP_ID,
      botDomain: 'bot.example.com',
      manifestDir: MANIFEST_DIR,
      outFile,
    });
    expect(result.outFile).toBe(path.resolve(outFile));
    expect(path.isAbsolute(result.outFile)).toBe(true);

    const zip = await JSZip.loadAsync(fs.readFileSync(outFile));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const text = await zip.file('manifest.json')!.async('string');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as Json;
    expect(manifest.id).toBe(APP_ID);
    expect(bot(manifest).botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['bot.example.com']);
    expect(await validateManifest(manifest)).toEqual([]);
    for (const name of ['color.png', 'outline.png'])
      expect(
        Buffer.compare(
          await zip.file(name)!.async('nodebuffer'),
          fs.readFileSync(path.join(MANIFEST_DIR, name)),
        ),
      ).toBe(0);
  });
});

describe('npm run package (the CLI)', () => {
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(ROOT, 'src', 'cli', 'package.ts'), ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
        // Set (even empty) so a developer's .env can't fill them in: dotenv doesn't override.
        env: { ...process.env, MicrosoftAppId: '', TEAMS_APP_ID: '', BOT_DOMAIN: '', INIT_CWD: tmp, ...env },
      },
    );

  it('without MicrosoftAppId: one clear line, non-zero exit', () => {
    const r = run({});
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      "error: MicrosoftAppId is not set: put the bot's Microsoft Entra app (client) id, a GUID, in the environment or in .env",
    );
  });

  it('with a GUID: writes the zip and prints its absolute path last', () => {
    const r = run({ MicrosoftAppId: APP_ID }, ['out/app.zip']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(path.join(tmp, 'out', 'app.zip'));
    expect(fs.existsSync(path.join(tmp, 'out', 'app.zip'))).toBe(true);
  });
});
