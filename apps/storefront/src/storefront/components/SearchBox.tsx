import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, useLocation } from '../../shared/router/router';
import { paths } from '../paths';

/** How long typing must pause before the results follow: one request per pause, not per key. */
export const SEARCH_DEBOUNCE_MS = 250;
/** The API accepts queries of 1–100 characters. */
const MAX_QUERY = 100;

/** Search as you type: the results page follows the box, and its URL can be shared. */
export function SearchBox() {
  const location = useLocation();
  const onSearchPage = location.path === paths.search();
  const urlQuery = onSearchPage ? (location.query.get('q') ?? '') : '';
  const [text, setText] = useState(urlQuery);
  const timer = useRef<number | undefined>(undefined);
  // Set while the box itself moves the URL, so the URL does not overwrite what is being typed.
  const typing = useRef(false);

  useEffect(() => {
    if (!typing.current) setText(urlQuery);
    typing.current = false;
  }, [location]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const show = (value: string, moveFocus: boolean) => {
    const query = value.trim().slice(0, MAX_QUERY);
    const stillOnSearch = window.location.pathname === paths.search();
    if (!query && !stillOnSearch) return;
    typing.current = !moveFocus;
    navigate(paths.search(query), { replace: stillOnSearch, keepFocus: !moveFocus });
  };
  const onInput = (event: TargetedEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => show(value, false), SEARCH_DEBOUNCE_MS);
  };
  const onSubmit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    window.clearTimeout(timer.current);
    show(text, true);
  };

  return (
    <form class="search" role="search" action={paths.search()} method="get" onSubmit={onSubmit}>
      <label for="site-search" class="visually-hidden">
        Search products
      </label>
      <input
        id="site-search"
        type="search"
        name="q"
        value={text}
        onInput={onInput}
        placeholder="Search milk, bread, bananas…"
        autocomplete="off"
        enterkeyhint="search"
        maxLength={MAX_QUERY}
      />
    </form>
  );
}
