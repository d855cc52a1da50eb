import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Keeps the manifest so the size check can follow the first screen's static imports.
    manifest: true,
  },
  server: {
    // A fixed origin, so the api's CORS_ORIGINS can name it.
    port: 5173,
    strictPort: true,
    proxy: { '/api': process.env.JUDIX_API_UPSTREAM ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
    // The machines running the tests are shared and slow at times; a hang still fails.
    testTimeout: 30_000,
  },
});
