import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'redis/index': 'src/redis/index.ts' },
  splitting: true,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
