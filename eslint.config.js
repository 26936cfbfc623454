// `npm run lint`: ESLint's recommended rules over every TypeScript file, read the way Node runs it. Node's own type
// stripping (module.stripTypeScriptTypes) blanks the types out in place, so positions stay true and no TypeScript
// parser is needed (typescript-eslint cannot read TypeScript 7 yet).
import js from '@eslint/js';
import globals from 'globals';
import { stripTypeScriptTypes } from 'node:module';

const stripTypes = {
  meta: { name: 'harbour/strip-types' },
  preprocess: (text) => [{ text: stripTypeScriptTypes(text, { mode: 'strip' }), filename: 'stripped.js' }],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};

export default [
  { ignores: ['node_modules/**', 'data/**', '.prof/**'] },
  { files: ['**/*.ts'], processor: stripTypes },
  {
    files: ['**/*.ts/*.js', '**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Stripping blanks a comment inside a type to whitespace, and a non-ASCII character in it (the § of a paragraph
      // reference) to a non-ASCII space: an artefact of the stripping, not a stray character in the source.
      'no-irregular-whitespace': 'off',
      // A type argument spread over lines (sql<{ ... }>`...`) is blanked out by the stripping, which leaves the
      // template on a later line than its tag: not the mistake this rule looks for.
      'no-unexpected-multiline': 'off',
    },
  },
  // Nothing in the application writes to the console: the logger keeps personal data out of stdout.
  { files: ['src/**/*.ts/*.js'], ignores: ['src/cli.ts/*.js'], rules: { 'no-console': 'error' } },
  { files: ['src/static/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  // Browser tests pass functions to page.evaluate, which run in the page.
  { files: ['test/browser/**/*.ts/*.js'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
];
