import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The engine stays pure: no SDK, server or environment access, so a CLI, the eval and tests reuse it as is.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['botbuilder*', 'restify*', 'dotenv*', '../server*', '../bot*', '../config*'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'The engine takes its settings as arguments.' },
      ],
    },
  },
);
