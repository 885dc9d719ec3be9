import { startLanding } from './landing';
import './styles.css';

// The entry is small and runs as soon as it arrives: it starts what the opening address needs (its
// page's chunks, texts and API reads) beside the app shell (start.tsx: React, antd, the routes),
// which index.html preloads (web/build/preload.ts) instead of discovering it only here.
startLanding(window.location.pathname);
void import('./start');
