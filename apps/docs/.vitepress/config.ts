/**
 * VitePress configuration of the rrnn docs site.
 *
 * - Pages live in `src/`, static files (corpus sample, exported models, copied wasm binaries) in `public/`,
 *   the built site goes to `dist/` (the turbo build output).
 * - Workspace packages are imported from their TypeScript sources (`@rrnn/core` ->
 *   `packages/core/src/index.ts`, `@rrnn/backend/browser` -> `packages/backend/src/browser.ts`), the same
 *   mapping vitest uses, so the site never depends on the packages' build order or a stale `dist/`.
 * - `base` is `/` (serve `dist/` from the root of any static file server); set `DOCS_BASE=/sub/path/`
 *   at build time to host it under a sub path. Every page link ends in `.html`, so no server rewrites
 *   are needed.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { apiSidebar } from './api-sidebar';

const docsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsRoot, '..', '..');

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Restricted RNNs', link: '/guide/restricted-rnns' },
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'The rrnn command', link: '/guide/cli' },
      { text: 'Backends', link: '/guide/backends' },
      { text: 'Performance', link: '/guide/performance' },
      { text: 'Export and quantize', link: '/guide/export' },
      { text: 'Results', link: '/guide/results' },
      { text: 'Reproduction', link: '/guide/reproduction' },
    ],
  },
  {
    text: 'Try it',
    items: [
      { text: 'Sharing-layout explorer', link: '/demos/explorer' },
      { text: 'Train in the browser', link: '/demos/train' },
      { text: 'Predict and generate', link: '/demos/predict' },
    ],
  },
];

export default defineConfig({
  title: 'rrnn',
  description: 'Restricted Recurrent Neural Networks (Diao, Ding, Tarokh 2019) for TensorFlow.js',
  srcDir: 'src',
  outDir: 'dist',
  base: process.env.DOCS_BASE ?? '/',
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${process.env.DOCS_BASE ?? '/'}favicon.svg` }]],
  markdown: { math: true },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/restricted-rnns' },
      { text: 'Try it', link: '/demos/explorer' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: { '/guide/': guide, '/demos/': guide, '/api/': apiSidebar(resolve(docsRoot, 'src', 'api')) },
    search: { provider: 'local' },
    outline: [2, 3],
  },
  vite: {
    publicDir: resolve(docsRoot, 'public'),
    resolve: {
      alias: [
        { find: /^@rrnn\/([a-z]+)$/, replacement: `${repoRoot}/packages/$1/src/index.ts` },
        { find: /^@rrnn\/([a-z]+)\/([a-z-]+)$/, replacement: `${repoRoot}/packages/$1/src/$2.ts` },
      ],
      dedupe: ['@tensorflow/tfjs-core'],
    },
    build: { chunkSizeWarningLimit: 4096 },
    server: { fs: { allow: [repoRoot] } },
  },
});
