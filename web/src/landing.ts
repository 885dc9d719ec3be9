import { apiUrl, fetchEarly } from './api/early';
import { FACE_PARTS, faceOf, loadParts, storedLang } from './i18n/dictionaries';
import { storedCenter } from './portal/centers';

/**
 * What an address opens with, started by the entry (main.tsx) before React and the app shell have
 * arrived, so it travels beside them instead of after them: the page's chunks (the same imports
 * as its `page()` in App.tsx), the face's texts in the stored language, and the API reads the page
 * makes when it first renders. This module imports neither React nor the router: it runs first.
 * App.tsx lists the same addresses (`LandingPattern`) to render the opening page without a fallback.
 */
export type LandingPattern = keyof typeof LANDING_CHUNKS;
const LANDING_CHUNKS = {
  '/': [() => import('./portal/HomePage')],
  '/items': [() => import('./portal/ItemsPage')],
  '/items/:id': [() => import('./portal/GuidePage')],
  '/login': [() => import('./portal/LoginPage')],
  '/progress': [() => import('./portal/ProgressPage')],
  '/my/cases': [() => import('./portal/MyCasesPage')],
  '/my/cases/:id': [() => import('./portal/MyCasePage')],
  '/life-events': [() => import('./portal/LifeEventsPage')],
  '/workbench': [() => import('./workbench/cases/WorkbenchLayout'), () => import('./workbench/cases/InboxPage')],
  '/workbench/cases/:id': [() => import('./workbench/cases/WorkbenchLayout'), () => import('./workbench/cases/CasePage')],
  '/supervision': [() => import('./supervision/SupervisionLayout'), () => import('./supervision/BoardPage')],
  '/admin/items': [() => import('./workbench/manager/AdminLayout'), () => import('./workbench/manager/ItemsListPage')],
  '/hall': [() => import('./hall/HallPage')],
  '/hall/:centerId': [() => import('./hall/HallPage')],
} satisfies Record<string, Array<() => Promise<unknown>>>;

/**
 * The API reads an opening address makes when it first renders, sent at once (api/early.ts). They
 * must be the very addresses the page then GETs (same path and query), or the page sends its own
 * request and the early one is wasted.
 */
const LANDING_GETS: Record<string, (pathname: string) => string[]> = {
  // portal/HomePage.tsx: the facets and the joint matters of the center chosen last (portal/centers.ts).
  '/': () => {
    const centerId = storedCenter();
    return [apiUrl('/api/catalog/facets', { centerId }), apiUrl('/api/joint/matters', { centerId })];
  },
  // portal/GuidePage.tsx: the guide itself, the page's largest paint (bench/README.md, issue 14).
  '/items/:id': (pathname) => [apiUrl(`/api/items/${encodeURIComponent(pathname.split('/')[2] ?? '')}/guide`)],
  // portal/MyCasesPage.tsx opened plain (first page, all tabs): the list and the drafts count. With a
  // query in the address (another tab, a search) the page's own reads differ: none is sent early.
  '/my/cases': () => window.location.search ? [] : [apiUrl('/api/my/cases', { page: '1', pageSize: '20' }), apiUrl('/api/my/drafts', { pageSize: '1' })],
};

/** `/a/:id` matches `/a/1` (no splats or optional segments: the table above has none). */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const want = pattern.split('/');
  const got = pathname.replace(/\/+$/, '').split('/');
  if (pathname === '/') return pattern === '/';
  return want.length === got.length && want.every((seg, i) => seg.startsWith(':') ? got[i] !== '' : seg === got[i]);
}

/** Starts the opening address's chunks, texts and reads; the app (start.tsx) picks each up when it asks for it. */
export function startLanding(pathname: string): void {
  fetchEarly(apiUrl('/api/auth/me')); // api/auth.tsx, on every address
  for (const [pattern, gets] of Object.entries(LANDING_GETS)) if (matchesPattern(pattern, pathname)) for (const url of gets(pathname)) fetchEarly(url);
  loadParts(storedLang(), FACE_PARTS[faceOf(pathname)]).catch(() => {}); // the app retries and shows the failure
  for (const [pattern, loads] of Object.entries(LANDING_CHUNKS)) if (matchesPattern(pattern, pathname)) for (const load of loads) load().catch(() => {});
}
