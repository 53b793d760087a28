import { defineConfig } from 'vitest/config';

// `source` resolves workspace packages to their TypeScript sources, so tests need no build.
// No `module`: packages such as OpenTelemetry's point it at builds Node cannot load (imports without extensions).
const conditions = ['source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/{src,test}/**/*.test.ts',
      'tests/**/*.test.ts',
      'bench/**/*.test.ts',
      'tools/*/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
