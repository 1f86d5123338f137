// ESLint flat config (issue 17 §6). Deliberately short: a handful of rules that catch real bugs or
// guard the architecture, no style rules: Prettier formats (.prettierrc.json) and knip finds unused
// exports, files and dependencies (knip.json); `npm run lint` runs all three.
import tseslint from 'typescript-eslint';

const electronImport = 'Only electron/ may import Electron; the gateway must run without it.';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'release/',
      'test-artifacts/',
      'coverage/',
      'test/clients/tools/',
      'test/fixtures/',
    ],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // Each file is typed by its nearest tsconfig.json (root, renderer/, electron/); these few
        // files belong to none of them.
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'vitest.clients.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: electronImport }],
          patterns: [{ regex: '^electron/', message: electronImport }],
        },
      ],
    },
  },
  {
    // The Electron shell itself, and the tests that only mock it.
    files: ['electron/**', 'test/support/fake-electron.ts', 'test/unit/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
