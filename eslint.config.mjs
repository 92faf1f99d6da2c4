// ESLint for the extension, the CLI, the webview, the tests and the benchmarks: typescript-eslint's recommended
// type-aware rules, plus the ones that catch what bites an async, layered codebase.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.test-artifacts/**', 'test/extension/code-server-shim.js', 'scripts/*.cjs', 'scripts/*.mjs', 'esbuild.mjs', 'eslint.config.mjs', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises are awaited, returned or deliberately dropped with `void`.
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test() and describe() return promises the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] }],
      }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      // Control bytes are matched on purpose: that is how terminal output and passwords are made safe.
      'no-control-regex': 'off',
      // Functions that return a promise because their interface does (a member source, a no-op open()).
      '@typescript-eslint/require-await': 'off',
      // Parsers of untrusted replies and settings describe unknown values with String() on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only the adapter (src/vscode, src/extension.ts) and its tests may import vscode.' }] }],
    },
  },
  {
    files: ['src/vscode/**', 'src/extension.ts', 'test/extension/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
