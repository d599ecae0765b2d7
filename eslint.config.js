// ESLint (flat config), run by `npm run lint` and so by `npm test`: the rules the code relies on
// and that the type-check alone does not enforce.
//
// - renderer/: the rules of hooks, and every hook's dependencies listed (exhaustive-deps), as
//   errors: a dependency left out on purpose is said so on the line, with the reason.
// - renderer/, electron/, shared/: type-aware rules: no promise left floating, no promise where a
//   void callback is expected (an async onClick), and a switch over a union handles every member
//   (a new step, kind or code added to a union fails the lint where it is not handled; a
//   `default:` does not count as handling it).
//
// TypeScript 7 and typescript-eslint. The project type-checks with TypeScript 7, the native
// compiler, which ships no JavaScript compiler API (it is planned for 7.1); typescript-eslint
// needs that API for type-aware rules and refuses TS 7 at load ("typescript-eslint does not
// support TS 7.0", typescript-eslint issue #10940; its peer range is typescript <6.1). So
// package.json installs both side by side, as the TypeScript 7.0 release notes ("Running side by
// side with TypeScript 6.0") and typescript-eslint's own error message advise:
//   "@typescript/native": "npm:typescript@^7.0.2"           owns the `tsc` binary: `npx tsc` and
//                                                           `npm run typecheck` are TypeScript 7;
//   "typescript": "npm:@typescript/typescript6@^6.0.2"      what `import 'typescript'` resolves to:
//                                                           the TS 6 API, used only by this lint
//                                                           (its binary is `tsc6`, so no clash).
// The key `typescript` has to be the TS 6 one: typescript-eslint, ts-api-utils and the parser
// declare `typescript` as a peer dependency, and npm resolves a peer by that name, so a TS 6 under
// any other alias beside `typescript@7` fails to install (ERESOLVE), and so does an `overrides`
// entry for it. TS 6 reads the same
// tsconfig files and types the code the same way for these rules. When typescript-eslint supports
// TypeScript 7's API (7.1), drop the alias and go back to `"typescript": "^7…"`.
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Rules that need the type checker: for every layer. */
const TYPE_AWARE_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': 'error',
};

export default defineConfig(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'test-artifacts/**', 'out/**'] },
  {
    // Each file is checked in the project of its layer (the nearest tsconfig.json: renderer/,
    // electron/, hub/, shared/, sheets/), as `npm run typecheck` checks it.
    files: ['renderer/**/*.{ts,tsx}', 'electron/**/*.ts', 'hub/**/*.ts', 'shared/**/*.ts', 'sheets/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...TYPE_AWARE_RULES,
      // An `any` turns the type checker off for everything it touches (electron/ledger/sql.ts has
      // the one, said why on its line).
      '@typescript-eslint/no-explicit-any': 'error',
      // A control character in a regular expression is usually a typo (shared/text.ts means one).
      'no-control-regex': 'error',
    },
  },
  {
    // Only the two classic rules of eslint-plugin-react-hooks: its React Compiler rules (purity,
    // refs, set-state-in-effect…) are for code the compiler rewrites, which this renderer is not.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
