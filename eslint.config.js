import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.data/', 'src/db/generated/', 'node_modules/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
      // Grouped cases with a comment between them are deliberate, not forgotten breaks.
      'no-fallthrough': ['error', { allowEmptyCase: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Configuration is read in one place: src/config.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
        {
          object: 'z',
          property: 'string',
          message: 'Use storableText() from src/domain/storable-text.ts: it refuses NUL characters.',
        },
      ],
    },
  },
  {
    // The domain is pure: `now` is a parameter, never read from the clock.
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pass `now` in.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass `now` in.' },
      ],
    },
  },
  {
    // Every SQL statement and Prisma query lives in a feature's repository (*-repo.ts) or
    // src/db; use cases hold the transaction boundary ($transaction) and call repositories.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*-repo.ts', 'src/db/**', 'src/domain/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]',
          message: 'SQL lives in a *-repo.ts.',
        },
        {
          selector:
            "CallExpression[callee.object.type='MemberExpression'][callee.object.object.name=/^(db|tx)$/]",
          message: 'Prisma queries live in a *-repo.ts.',
        },
        {
          selector:
            "CallExpression[callee.object.type='MemberExpression'][callee.object.object.property.name='db']",
          message: 'Prisma queries live in a *-repo.ts.',
        },
      ],
    },
  },
  prettier,
);
