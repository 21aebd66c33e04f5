import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the console, generated from the committed schema.graphql:
// `npm run console:codegen` from the repository root (CI checks the generated files are current with `--check`).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['console/src/**/*.tsx', 'console/src/**/*.ts', '!console/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumType: 'const', scalars: { DateTimeISO: 'string', Money: 'string', Decimal: 'string', CountValue: 'string', JSONObject: 'Record<string, unknown>' } },
    },
  },
};
export default config;
