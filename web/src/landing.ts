import { apiUrl, fetchEarly } from './api/early';
import { storedCenter } from './portal/centers';

/**
 * The API reads each opening address makes when it first renders, sent at once (api/early.ts) so
 * they do not wait for the page's scripts. They must be the very addresses the page then GETs (same
 * path and query), or the page sends its own request and the early one is wasted.
 */
const LANDING_GETS: Record<string, () => string[]> = {
  // portal/HomePage.tsx: the facets and the joint matters of the center chosen last (portal/centers.ts).
  '/': () => {
    const centerId = storedCenter();
    return [apiUrl('/api/catalog/facets', { centerId }), apiUrl('/api/joint/matters', { centerId })];
  },
};

/** Sends the session check (api/auth.tsx, every address) and the opening page's reads. */
export function fetchLandingData(pathname: string): void {
  fetchEarly(apiUrl('/api/auth/me'));
  for (const url of LANDING_GETS[pathname]?.() ?? []) fetchEarly(url);
}
