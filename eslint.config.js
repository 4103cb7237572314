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
  // Tests, the benchmark and the national double read arbitrary JSON answers: `any` is what they hold.
  { files: ['tests/**', 'bench/**', 'src/sandbox/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
