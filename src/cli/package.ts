import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { projectRoot } from '../engine/paths';
import { AppPackageError, buildAppPackage, parseAppId } from '../teams/appPackage';

// `npm run package [-- OUT.zip]`: builds the Teams app package from manifest/ with the bot's app id
// (MicrosoftAppId, from the environment or .env) filled in, after validating the manifest against
// the official schema offline and checking the icons. The last line printed is the zip's absolute
// path. Optional: TEAMS_APP_ID (when the Teams app id differs from the bot's), BOT_DOMAIN (validDomains).

async function main(): Promise<void> {
  const root = projectRoot();
  dotenv.config({ path: path.join(root, '.env'), quiet: true });
  const arg = process.argv[2];
  if (arg?.startsWith('-') || process.argv.length > 3)
    throw new AppPackageError(
      'usage: npm run package [-- OUT.zip]   (default: appPackage.zip in the project root)',
    );
  // Relative to where `npm run` was started, not the project root npm switches to.
  const outFile = arg
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), arg)
    : path.join(root, 'appPackage.zip');

  const appId = parseAppId(process.env.MicrosoftAppId, 'MicrosoftAppId');
  const result = await buildAppPackage({
    appId,
    teamsAppId: process.env.TEAMS_APP_ID || undefined,
    botDomain: process.env.BOT_DOMAIN,
    manifestDir: path.join(root, 'manifest'),
    outFile,
    env: process.env,
  });
  const teamsAppId = String(result.manifest.id);
  console.log(`manifest: valid against the Teams manifest schema ${result.schemaVersion} (checked offline)`);
  console.log(`app id: ${teamsAppId}${teamsAppId === appId ? '' : `, bot id: ${appId}`}`);
  console.log('icons: color 192x192, outline 32x32 white on transparent');
  console.log(`zip: ${result.entries.join(', ')}`);
  console.log(result.outFile);
}

main().catch((err: unknown) => {
  if (err instanceof AppPackageError) {
    console.error(`error: ${err.message}`);
    for (const problem of err.problems) console.error(`  ${problem}`);
  } else console.error(err);
  process.exitCode = 1;
});
