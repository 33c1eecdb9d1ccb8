// Builds the web app into dist/web (what `membrane serve` serves and the package ships).
// Everything is bundled: no CDN, works offline. The engine is imported from ../src.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The file src/server/assets.ts looks for to know a directory holds a build. */
function buildMarker(): Plugin {
  return {
    name: 'membrane-build-marker',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'membrane-web.json', source: JSON.stringify({ app: 'membrane-web' }) + '\n' });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), buildMarker()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
