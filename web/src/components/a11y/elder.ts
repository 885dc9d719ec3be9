/**
 * The elder-friendly mode (适老化): larger type, higher contrast, simpler navigation, touch targets of
 * at least 44 px. Kept per device (localStorage) and, for a signed-in user, on the server
 * (GET/PUT /api/me/preferences, see preferences.ts). This module has no React: the entry (main.tsx)
 * applies the stored choice to <html data-elder> before the first paint, so no page shows in the
 * small type first. docs/accessibility.md.
 */
const KEY = 'ow.elder';
const listeners = new Set<() => void>();

export function storedElder(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false; // storage unavailable (private mode): the standard look
  }
}

/** Sets the attribute the stylesheet keys on (styles.css "elder-friendly mode"). */
export function applyElder(on: boolean): void {
  if (typeof document === 'undefined') return;
  if (on) document.documentElement.dataset.elder = 'on';
  else delete document.documentElement.dataset.elder;
}

let current = typeof localStorage === 'undefined' ? false : storedElder();

export function elderMode(): boolean {
  return current;
}

/** Switches the mode on this device (stored and applied at once); the caller saves it for the user. */
export function setElder(on: boolean): void {
  current = on;
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    /* ignore: the mode still applies until the page is closed */
  }
  applyElder(on);
  for (const l of listeners) l();
}

export function subscribeElder(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
