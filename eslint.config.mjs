// Lint rules that can fail: module boundaries by tag (apps never import apps,
// libs never import apps, only the messaging lib touches NATS, only data-access
// and feature libs touch TypeORM) and type-aware promise/switch checks.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const LAYERS = {
  'type:app': ['type:feature', 'type:data-access', 'type:contracts', 'type:util'],
  'type:feature': ['type:feature', 'type:data-access', 'type:contracts', 'type:util'],
  'type:data-access': ['type:data-access', 'type:contracts', 'type:util'],
  'type:contracts': ['type:contracts', 'type:util'],
  'type:util': ['type:util'],
  'type:testing': ['type:feature', 'type:data-access', 'type:contracts', 'type:util', 'type:testing'],
};
const BANNED = {
  'type:contracts': ['typeorm', 'pg', '@nats-io/*', '@nestjs/*'],
  'type:util': ['typeorm', '@nats-io/*'],
};

function boundaries(allowTesting) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      ...Object.entries(LAYERS).map(([sourceTag, tags]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: allowTesting ? [...tags, 'type:testing'] : tags,
        ...(BANNED[sourceTag] ? { bannedExternalImports: BANNED[sourceTag] } : {}),
      })),
      { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:shared'] },
      { sourceTag: 'scope:credentials', onlyDependOnLibsWithTags: ['scope:credentials', 'scope:shared'] },
      { sourceTag: 'scope:sbom', onlyDependOnLibsWithTags: ['scope:sbom', 'scope:shared'] },
      { sourceTag: 'scope:scan', onlyDependOnLibsWithTags: ['scope:scan', 'scope:shared', 'scope:sbom'] },
      { sourceTag: 'scope:signing', onlyDependOnLibsWithTags: ['scope:signing', 'scope:shared'] },
      { sourceTag: 'scope:policy', onlyDependOnLibsWithTags: ['scope:policy', 'scope:shared', 'scope:scan', 'scope:sbom'] },
      { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:cli', 'scope:shared', 'scope:sbom', 'scope:scan', 'scope:policy'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'nats:denied', bannedExternalImports: ['@nats-io/*'] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'tmp/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/src/**/testing/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests and tools may also use the testing lib; production code may not.
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
    },
  },
);
