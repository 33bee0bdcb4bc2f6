import { resolve } from 'node:path';
import type { UserConfig } from 'vite';
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
  plugins: [productImages()],
  build: {
    outDir: resolve(root, '../../dist/storefront'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
    // Every browser that runs this code supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // One HTML entry per front end; the back office will add `admin: resolve(root, 'admin/index.html')`.
      input: { storefront: resolve(root, 'index.html') },
    },
  },
};

export default config;
