import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The nevers as checks (issue 21, decision 1400). A module is reached only through its public
// faces: `index.ts` (services and GraphQL types) or `pure.ts` (pure functions only). The
// registration points (src/entities.ts, src/modules/index.ts, src/modules/http-routes.ts) are the
// only files that name a module's entities, resolvers and routes. Tests may reach inside.
const FACES = '(?:index|pure)';
const deepFromModule = {
  regex: `^\\.\\./[a-z][a-z0-9-]*/(?!${FACES}$)`,
  message: "Import another module only through its index.ts (or pure.ts): '../<module>'.",
};
const deepFromModulesRoot = {
  regex: `^\\./[a-z][a-z0-9-]*/(?!${FACES}$)`,
  message: "Import a module only through its index.ts (or pure.ts): './<module>'.",
};
const deepFromOutside = {
  regex: `(?:^|/)modules/[a-z][a-z0-9-]*/(?!${FACES}$)`,
  message: "Import a module only through its index.ts (or pure.ts): '.../modules/<module>'.",
};
const commonImportsModules = {
  regex: '(?:^|/)modules(?:/|$)',
  message: 'src/common is plumbing: it imports no domain module.',
};
// Calculators and rules are pure: no database driver, no ORM, no services, no request context,
// no other module's index (which loads its services and entities); another module's pure.ts is fine.
const impure = [
  { group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', 'pg-*', '@electric-sql/*'], message: 'A calculator is pure: no database.' },
  { regex: '^\\.\\./[a-z][a-z0-9-]*(?:/index)?$', message: "A calculator imports another module's pure.ts, never its index." },
  { regex: '^\\./index$', message: 'A calculator does not import its own module index.' },
  {
    regex: '(?:\\.|-)(?:service|queries|entity|resolver|commands|writer|job|routes)$',
    message: 'A calculator is pure: no services, queries, entities or resolvers.',
  },
  { regex: '(?:^|/)(?:context|common/db/.*)$', message: 'A calculator is pure: no request context, no transactions.' },
];
const PURE_FILES = ['src/modules/*/*.calculator.ts', 'src/modules/*/*.rules.ts', 'src/modules/*/pure.ts'];
const SPECS = ['src/**/*.spec.ts'];
const REGISTRATION_POINTS = ['src/entities.ts', 'src/modules/index.ts', 'src/modules/http-routes.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'console/dist/**', 'console/src/gql/**', '*.config.js', '*.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      curly: ['error', 'all'],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      // Apollo plugin hooks are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/modules/*/**/*.ts'],
    ignores: SPECS,
    rules: { 'no-restricted-imports': ['error', { patterns: [deepFromModule, deepFromOutside] }] },
  },
  {
    files: ['src/modules/*.ts'],
    ignores: REGISTRATION_POINTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [deepFromModulesRoot, deepFromOutside] }] },
  },
  {
    files: ['src/*.ts', 'src/cli/**/*.ts'],
    ignores: [...SPECS, ...REGISTRATION_POINTS],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepFromOutside] }] },
  },
  {
    files: ['src/common/**/*.ts'],
    ignores: SPECS,
    rules: { 'no-restricted-imports': ['error', { patterns: [commonImportsModules] }] },
  },
  {
    files: PURE_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [deepFromModule, deepFromOutside, ...impure] }] },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['console/vite.config.mts', 'console/codegen.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/helpers/global-*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Plain ES modules run by node from a test (test/architecture/lint-planted.mjs).
    files: ['test/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: { process: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // Plain CommonJS run by node before anything is compiled (scripts/build.js).
    files: ['scripts/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
