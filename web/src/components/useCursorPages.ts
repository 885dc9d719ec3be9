import { useState } from 'react';

/**
 * Keyset pages walked forward and back: the cursors of the pages before this one are kept, so
 * "previous" goes back to the page it came from. `cursor` is the current page's (undefined: the first);
 * `next(c)` goes to the page after `c` (the list's next cursor); `reset()` back to the first page (a new filter).
 */
export function useCursorPages<C>() {
  const [cursors, setCursors] = useState<C[]>([]);
  return {
    cursor: cursors.at(-1),
    hasPrevious: cursors.length > 0,
    previous: () => setCursors((c) => c.slice(0, -1)),
    next: (cursor: C) => setCursors((c) => [...c, cursor]),
    reset: () => setCursors([]),
  };
}
