/**
 * The ticket called at this window, kept for the counter page: a case registered while it is called
 * carries its id (`ticketId`), and the server links the two. Cleared when the ticket leaves the window.
 */
const KEY = 'ow.hall.ticket';

export function setCalledTicket(t: { id: string; number: string } | null): void {
  try {
    if (t) sessionStorage.setItem(KEY, JSON.stringify(t));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the case is registered without the link */
  }
}

export function calledTicket(): { id: string; number: string } | null {
  try {
    const v = sessionStorage.getItem(KEY);
    return v ? JSON.parse(v) as { id: string; number: string } : null;
  } catch {
    return null;
  }
}
