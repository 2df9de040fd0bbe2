// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Type-aware lint (typescript-eslint): an async engine needs the checks only types can give
 * (a promise nobody awaits, a promise where a callback's void was expected, a switch that misses a
 * case). Formatting is Biome's (biome.json); docs/architecture.md says why each tool.
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', '.ab/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `typeof import('m')` stays allowed: it types a module loaded lazily (auth/signer-cache.ts).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // An async function without await is how an interface's Promise-returning member is met
      // without ceremony; what matters, a promise left floating, has its own rules above.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Members as properties: checked contravariantly, and safe to pass on unbound (callbacks are).
      '@typescript-eslint/method-signature-style': ['error', 'property'],
      // One kind of private member: ECMAScript's # fields, enforced at run time as well.
      'no-restricted-syntax': [
        'error',
        { selector: ':matches(PropertyDefinition, MethodDefinition[kind!="constructor"], TSParameterProperty)[accessibility="private"]', message: 'Use a # member, not TypeScript\'s private.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests and benches read what the CLI and child processes print (JSON.parse gives any): the
    // assertions on those values are the type check there.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the tests' child-process scripts): no type information to use.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
