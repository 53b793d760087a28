import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'factories/index': 'src/factories/index.ts' },
  external: ['msw'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
