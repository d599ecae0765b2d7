import tseslint from 'typescript-eslint';
export default [
  ...tseslint.config({
    files: ['test/bench/hub.ts', 'test/bench/bench.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'error',
    },
  }),
];
