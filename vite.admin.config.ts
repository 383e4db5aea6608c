import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The register's admin page (src/admin), built to out/admin and served by the register at /admin/app/. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/admin'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/admin'),
    emptyOutDir: true,
  },
});
