// Builds the renderer (the counter screens and the customer rate board; and HQ's console, hq.html,
// which the hub serves) into dist/renderer/, which browser mode's server and the Electron window
// both load. `base: './'` keeps every asset path
// relative, so the same build works from file:// and from http://127.0.0.1.
//   npx vite build --config renderer/vite.config.ts
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Two pages of one build: the counter (index.html) and HQ's console (hq.html, served by the hub).
    rollupOptions: { input: { index: `${root}index.html`, hq: `${root}hq.html` } },
    // The renderer runs in Electron's Chromium and Debian's: no legacy targets.
    target: 'es2022',
    sourcemap: false,
  },
  server: { strictPort: false },
});
