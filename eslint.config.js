// Lint: typescript-eslint's recommended rules, and the layering the architecture section describes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

const node = { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', '.data/**', 'examples/*/gql/**'] },
  { files: ['**/*.{js,mjs,cjs,ts,mts,cts}'], extends: [js.configs.recommended, ...tseslint.configs.recommended] },
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
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
  // The layering (README, Architecture): GraphQL is one adapter. Only it — the schema's resolvers,
  // types, arguments and inputs in the modules, and the HTTP server that mounts it — may import src/graphql.
  {
    files: ['src/**/*.ts', 'workers/**/*.ts'],
    ignores: [
      'src/graphql/**',
      'src/http/app.ts',
      'src/cli/emit-schema.ts',
      'src/modules/**/*.resolver.ts',
      'src/modules/**/*.type.ts',
      'src/modules/**/*.args.ts',
      'src/modules/**/*.input.ts',
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

  // The committed SDL (schema/schema.graphql), linted as a typed client reads it: the recommended
  // schema rules and Relay's, configured where the hub's conventions are deliberate.
  {
    files: ['schema/**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    // From the recommended sets: naming-convention (PascalCase types, camelCase fields and arguments,
    // UPPER_CASE enum values), no-typename-prefix (hence Document.edxmlDocumentId, Payment.payUrl),
    // no-unreachable-types, description-style, and Relay's connection, edge and PageInfo shapes.
    // Not enabled: input-name and no-scalar-result-type-on-mutation, which would rename most
    // mutations' arguments and answers for a convention the hub does not follow.
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Every type, field, argument, enum value and input field says what it is, in Vietnamese and English.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      // Off: an id belongs to what has an identity. The six domain objects implement Node (its id is
      // enforced there); pages, edges, counts, report rows and value objects (KpiIndicator,
      // CollectionAccount, PageInfo) have none, and an invented one would mislead a client's cache.
      '@graphql-eslint/strict-id-in-types': 'off',
      // Lists are keyset-paged forward only (first/after, newest first): no last/before.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Edges are <Type>Edge with cursor and node, but not every node is refetchable by node(id:)
      // (API keys, audit entries and webhook calls are not Node), and plain lists of small sets
      // (an agency's children, a dossier's steps) are lists, not connections.
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
    },
  },
);
