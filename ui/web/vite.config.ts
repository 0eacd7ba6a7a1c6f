import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Output goes straight into the Maven module's classes so the jar serves it from webapp/.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: '../target/classes/webapp',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
