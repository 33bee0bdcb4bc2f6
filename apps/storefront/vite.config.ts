import { resolve } from 'node:path';
import type { UserConfig } from 'vite';
import { entryDocuments } from './build/entry-documents';
import { productImages } from './build/product-images';

/**
 * The storefront build. Its output lands beside the Nest apps' output, in dist/storefront, which
 * the monolith serves at `/` (libs/web) and the deploy uploads to the storefront bucket.
 * `nest build` empties dist/ first, so this build runs after it (`npm run build`).
 *
 * A plain object rather than `defineConfig`: the config then needs nothing from Vite at run time.
 */
const root = __dirname;

const config: UserConfig = {
  root,
  base: '/',
  publicDir: false,
  // Preact's automatic JSX runtime, compiled by Vite's own oxc transform (no Babel preset needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The back office's document is emitted as admin.html beside index.html, where the deploy's
  // edge rewrite (deploy/lib/constructs/edge-policies.ts) and libs/web look for it.
  plugins: [productImages(), entryDocuments({ 'admin/index.html': 'admin.html' })],
  build: {
    outDir: resolve(root, '../../dist/storefront'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
    // Every browser that runs this code supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // One HTML entry per front end: the shop, and the back office under /admin.
      input: { storefront: resolve(root, 'index.html'), admin: resolve(root, 'admin/index.html') },
      // What both front ends load (Preact, src/shared, the stylesheet) as one chunk with a name
      // that says so, rather than one named after whichever module the bundler met first.
      output: { advancedChunks: { groups: [{ name: 'shared', test: /[\\/](src[\\/]shared|node_modules[\\/]preact)[\\/]/ }] } },
    },
  },
};

export default config;
