// `npm run test:e2e`: the bot in the Microsoft 365 Agents Playground, driven by headless Chromium.
// Kept apart from `npm test`: its files end in .e2e.ts, which the default config (*.test.ts)
// never matches, so plain `npm test` needs no browser.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/setupEnv.js'],
  // One browser, one bot, one Playground: the tests share them and run one after the other.
  maxWorkers: 1,
  testTimeout: 60_000,
};
