import { startLanding } from './landing';
import { applyElder, storedElder } from './components/a11y/elder';
import './styles.css';

// The entry is small and runs as soon as it arrives: it starts what the opening address needs (its
// page's chunks, texts and API reads) beside the app shell (start.tsx: React, antd, the routes),
// which index.html preloads (web/build/preload.ts) instead of discovering it only here.
// The elder-friendly mode applies before the first paint (components/a11y/elder.ts).
applyElder(storedElder());
startLanding(window.location.pathname);
void import('./start');
