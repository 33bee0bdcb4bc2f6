import { createStore, useStore } from '../stores/store';

/**
 * A small History API router: real paths (no hash), so every page has a URL that can be shared and
 * reloaded — the server answers index.html for any page path.
 */
export interface RouterLocation {
  readonly path: string;
  readonly query: URLSearchParams;
  /** How we got here: a pushed link, a replaced URL (typing in search), or Back/Forward. */
  readonly via: 'start' | 'push' | 'replace' | 'pop';
  /** Move keyboard focus to the new page, as a full page load would (not while the customer types). */
  readonly moveFocus: boolean;
}

const read = (via: RouterLocation['via'], moveFocus: boolean): RouterLocation => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
  via,
  moveFocus,
});

const store = createStore<RouterLocation>(read('start', false));
window.addEventListener('popstate', () => store.set(read('pop', true)));

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one. */
  readonly replace?: boolean;
  /** Leave focus where it is (default: move it to the new page). */
  readonly keepFocus?: boolean;
}

/** The back office's pages: a front end of its own (admin.html), beside the shop's (index.html). */
export function isBackOfficePath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const url = new URL(to, window.location.href);
  // Another origin, or the other front end (after signing in for /admin): a full page load.
  if (url.origin !== window.location.origin || isBackOfficePath(url.pathname) !== isBackOfficePath(window.location.pathname)) {
    window.location.assign(url.href);
    return;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  if (!options.replace) window.scrollTo(0, 0);
  store.set(read(options.replace ? 'replace' : 'push', !options.keepFocus));
}

export const useLocation = (): RouterLocation => useStore(store);
export const currentLocation = (): RouterLocation => store.get();

/** Matches `/aisle/:id` against a path; the params are decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (path === '/' && pattern === '/') return {};
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) {
      if (!actual) return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
}

/** True when a click on a link should be left to the browser (new tab, download, other window). */
export function isBrowserClick(event: MouseEvent, anchor: HTMLAnchorElement): boolean {
  return (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    (anchor.target !== '' && anchor.target !== '_self') ||
    anchor.hasAttribute('download') ||
    anchor.origin !== window.location.origin
  );
}
