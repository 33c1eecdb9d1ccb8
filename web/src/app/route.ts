/**
 * Views are addressed by the URL fragment (`#/trace?from=...&to=...`), so any state worth
 * sharing is a link, and the fragment never reaches a server.
 */

import { useEffect, useState } from 'react';

export const VIEWS = ['graph', 'trace', 'matrix', 'lint', 'edit'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  readonly view: View;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const name = q === -1 ? body : body.slice(0, q);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : 'graph';
  return { view, params: new URLSearchParams(q === -1 ? '' : body.slice(q + 1)) };
}

export function routeHref(view: View, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

export function navigate(view: View, params: Readonly<Record<string, string | number | undefined>> = {}, replace = false): void {
  const href = routeHref(view, params);
  if (replace) history.replaceState(null, '', href);
  else location.hash = href.slice(1);
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** True when a key press belongs to a text field or the editor, not to the page's shortcuts. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('.cm-editor');
}
