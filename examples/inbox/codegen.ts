/**
 * GraphQL Code Generator for the inbox example: types from the committed SDL (schema/schema.graphql)
 * and the documents written in inbox.ts, into ./gql (committed; `npm run codegen` writes it again,
 * and tests/unit/examples.test.ts checks it matches the SDL).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/inbox/inbox.ts'],
  ignoreNoDocuments: false,
  generates: {
    'examples/inbox/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // ESM with NodeNext resolution: relative imports with their .js extension
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        // every scalar named, as the wire carries it: a new scalar fails the generation until it is
        strictScalars: true,
        scalars: { Date: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
