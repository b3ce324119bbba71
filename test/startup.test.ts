import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Start-up time is mostly module loading (BENCHMARKS.md, coldStartMs). Some package entries load
// far more than the bot uses: botbuilder-dialogs' entry loads every prompt with its
// Recognizers-Text language models, natural's loads database drivers, @azure/storage-blob is only
// for Blob state. This checks what loading the whole app (src/index.ts's imports) pulls in.

const root = path.resolve(__dirname, '..');

function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

describe('what start-up loads', () => {
  const loaded = modulesLoadedBy('./src/app.ts');
  const from = (pattern: RegExp) => loaded.filter((file) => pattern.test(file.split(path.sep).join('/')));

  it('loads the app itself', () => {
    expect(from(/\/src\/app\.ts$/)).toHaveLength(1);
    expect(from(/\/dialogs\/troubleshootDialog\.ts$/)).toHaveLength(1);
  });

  it("does not load botbuilder-dialogs' prompts and their language models", () => {
    expect(from(/botbuilder-dialogs\/lib\/index\.js$/)).toEqual([]);
    expect(from(/@microsoft\/recognizers-text/)).toEqual([]);
    expect(from(/botbuilder-dialogs\/lib\/dialogSet\.js$/)).toHaveLength(1);
  });

  it("does not load natural's entry or the Azure Storage SDK", () => {
    expect(from(/natural\/lib\/natural\/index\.js$/)).toEqual([]);
    expect(from(/@azure\/storage-blob/)).toEqual([]);
  });
});
