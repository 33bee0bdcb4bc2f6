// In-page callbacks (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** The storefront sets this mark when its first product grid has painted (ProductGrid.tsx). */
export const GRID_VISIBLE_MARK = 'grid-visible';

export interface WebVitals {
  /** First Contentful Paint, ms after navigation start. */
  readonly fcpMs: number | undefined;
  /** Largest Contentful Paint (the last candidate before the page was read), ms after navigation start. */
  readonly lcpMs: number | undefined;
  /** When the first product grid had painted, ms after navigation start. */
  readonly productGridVisibleMs: number | undefined;
  /** JavaScript of the first load, gzip-compressed as a CDN would send it (the budget's measure). */
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
  /** What actually crossed the wire (uncompressed when the server does not compress, as locally). */
  readonly jsTransferBytes: number;
  readonly cssTransferBytes: number;
  /** The JavaScript and CSS files of the first load. */
  readonly files: readonly string[];
}

interface PageTimings {
  fcp?: number;
  lcp?: number;
  grid?: number;
  resources: { name: string; kind: 'js' | 'css'; transfer: number }[];
}

/**
 * Loads `url` in `page` (a fresh context, so nothing is cached) and reads the Performance API:
 * paint entries, the largest-contentful-paint observer, the app's grid mark, and the resource
 * entries of its scripts and stylesheets, whose bodies are fetched again and gzipped here.
 * Times are measured, never asserted: they depend on the machine.
 */
export async function measureWebVitals(page: Page, url: string, options: { timeoutMs?: number } = {}): Promise<WebVitals> {
  await page.addInitScript(() => {
    const store = window as unknown as { __lcp?: number };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, GRID_VISIBLE_MARK, {
    timeout: options.timeoutMs ?? 15_000,
  });
  // One more frame, so an LCP candidate painted with the grid is reported.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  const timings = await page.evaluate((mark): PageTimings => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const grid = performance.getEntriesByName(mark)[0]?.startTime;
    const lcp = (window as unknown as { __lcp?: number }).__lcp;
    const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => /\.(m?js|css)(\?|$)/.test(new URL(entry.name).pathname))
      .map((entry) => ({
        name: entry.name,
        kind: new URL(entry.name).pathname.endsWith('.css') ? ('css' as const) : ('js' as const),
        transfer: entry.encodedBodySize,
      }));
    return { fcp, lcp, grid, resources };
  }, GRID_VISIBLE_MARK);

  let jsGzipBytes = 0;
  let cssGzipBytes = 0;
  for (const resource of timings.resources) {
    const body = await (await page.request.get(resource.name)).body();
    const size = gzipSync(body, { level: 9 }).length;
    if (resource.kind === 'js') jsGzipBytes += size;
    else cssGzipBytes += size;
  }
  const sum = (kind: 'js' | 'css') => timings.resources.filter((entry) => entry.kind === kind).reduce((total, entry) => total + entry.transfer, 0);
  return {
    fcpMs: timings.fcp,
    lcpMs: timings.lcp,
    productGridVisibleMs: timings.grid,
    jsGzipBytes,
    cssGzipBytes,
    jsTransferBytes: sum('js'),
    cssTransferBytes: sum('css'),
    files: timings.resources.map((entry) => new URL(entry.name).pathname),
  };
}
