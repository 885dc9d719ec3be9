import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadLanding } from './App';
import { loadInitialDictionary, translate } from './i18n';
import { keepScrollRegionsFocusable } from './components/a11y/scrollRegions';

// The first paint waits for the current language's texts of this face (small chunks), so no key shows;
// the page's own chunks load meanwhile (landing.ts). On failure (network) the app renders anyway: keys, not a blank page.
preloadLanding(window.location.pathname);
keepScrollRegionsFocusable(() => translate(document.documentElement.lang === 'en' ? 'en' : 'zh', 'a11y.scrollTable'));
void loadInitialDictionary().catch(() => {}).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
