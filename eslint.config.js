// Lint: typescript-eslint's recommended rules, and the layering the architecture section describes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', '.data/**', 'schema/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: node } },
  // The layering (README, Architecture): GraphQL is one adapter. Only it — the schema's resolvers and
  // types in the modules, and the HTTP server that mounts it — may import src/graphql.
  {
    files: ['src/**/*.ts', 'workers/**/*.ts'],
    ignores: [
      'src/graphql/**',
      'src/http/app.ts',
      'src/cli/emit-schema.ts',
      'src/modules/**/*.resolver.ts',
      'src/modules/**/*.type.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/graphql/*'],
              message: 'Only the GraphQL adapter (resolvers, types, src/graphql) imports src/graphql: use src/core.',
            },
          ],
        },
      ],
    },
  },
  // The national double is written from the contracts, never from the hub's code.
  {
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!./*'],
              message: 'The sandbox imports nothing of the hub: it is written from the contracts document.',
            },
          ],
        },
      ],
    },
  },
  // Tests, the benchmark and the national double read arbitrary JSON answers: `any` is what they hold.
  { files: ['tests/**', 'bench/**', 'src/sandbox/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
