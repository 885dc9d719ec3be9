import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadLanding } from './App';
import { loadInitialDictionary } from './i18n';

// The first paint waits for the current language's texts of this face (small chunks), so no key shows;
// the page's own chunks load meanwhile (landing.ts). On failure (network) the app renders anyway: keys, not a blank page.
preloadLanding(window.location.pathname);
void loadInitialDictionary().catch(() => {}).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
