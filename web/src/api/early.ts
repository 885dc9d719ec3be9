/**
 * GETs the opening page will make, sent before the app has rendered (web/src/landing.ts), so their
 * answers travel beside the page's scripts instead of after them. The app's own GET of the same
 * address (api/client.ts) takes the answer instead of sending the request again; each answer is
 * used once, and only shortly after the page opened, so no view shows an old answer later.
 * This module imports nothing: it runs before React and the rest of the app have arrived.
 */
const MAX_AGE_MS = 30_000;
const early = new Map<string, { sent: number; response: Promise<Response> }>();

/** `path?k=v…` without the empty values, as the typed client writes a query (api/client.ts `serializeQuery`). */
export function apiUrl(path: string, query: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== '') p.set(k, v);
  const s = p.toString();
  return new URL(s ? `${path}?${s}` : path, window.location.href).href;
}

/** Sends a GET now (the same headers and credentials as the app's client); its answer waits for the app. */
export function fetchEarly(url: string): void {
  if (early.has(url)) return;
  const response = fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  response.catch(() => {}); // a failure reaches the app's GET that takes it
  early.set(url, { sent: performance.now(), response });
}

/** The early answer to a GET of `url`, if one was sent a moment ago and not taken yet. */
export function takeEarly(url: string): Promise<Response> | undefined {
  const e = early.get(url);
  if (!e) return undefined;
  early.delete(url);
  return performance.now() - e.sent <= MAX_AGE_MS ? e.response : undefined;
}

/** Forgets every early answer: after a write (a sign-in above all) none of them may be taken any more. */
export function dropEarly(): void {
  early.clear();
}
