/**
 * A small History-API router: the console has a dozen pages and needs no more than the current
 * location, links that behave like links (new tab, keyboard), and navigation from code.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATED = 'console:navigated';
let navigations = 0;
window.addEventListener('popstate', () => (navigations += 1));

/** How often the user moved within the app since the page loaded (links, code, Back and Forward). */
export function navigationCount(): number {
  return navigations;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentHref = () => window.location.pathname + window.location.search;

export interface ConsoleLocation {
  pathname: string;
  search: string;
}

/** The current path and query string; components re-render when either changes. */
export function useLocation(): ConsoleLocation {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.search };
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  navigations += 1;
  window.dispatchEvent(new Event(NAVIGATED));
}

/** An ordinary link (middle click, ctrl-click and "open in new tab" work) that navigates in place. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
