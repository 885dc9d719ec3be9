import { useEffect, useRef, useState } from 'react';

/**
 * Listens to a server-sent event stream with the browser's EventSource (it reconnects by itself)
 * and calls `onEvent` for the named events, at most once per `debounceMs`. No polling.
 * Returns whether the stream is currently open.
 *
 * `resync` among the events: also called when the stream opens again after a break (what was sent
 * meanwhile is lost) and when the server says it missed changes itself (its database connection
 * was lost: `event: resync`); the page then refetches what it shows.
 */
export function useEventStream(url: string | null, events: string[], onEvent: (name: string, data: unknown) => void, debounceMs = 300): boolean {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [open, setOpen] = useState(false);
  const key = events.join(',');
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return undefined;
    const es = new EventSource(url, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: { name: string; data: unknown } | undefined;
    const fire = () => {
      timer = undefined;
      if (last) handler.current(last.name, last.data);
    };
    const listen = (name: string) => (ev: MessageEvent) => {
      let data: unknown;
      try {
        data = ev.data ? JSON.parse(ev.data as string) : null;
      } catch {
        data = ev.data;
      }
      last = { name, data };
      if (debounceMs <= 0) fire();
      else if (!timer) timer = setTimeout(fire, debounceMs);
    };
    const listeners = key.split(',').filter(Boolean).map((name) => [name, listen(name)] as const);
    for (const [name, fn] of listeners) es.addEventListener(name, fn as EventListener);
    // Opened again after a break: what was sent meanwhile is lost, so a page listening for `resync` hears one.
    const resync = listeners.find(([name]) => name === 'resync')?.[1];
    let broken = false;
    es.onopen = () => {
      setOpen(true);
      if (broken) resync?.(new MessageEvent('resync'));
      broken = false;
    };
    es.onerror = () => {
      broken = true;
      setOpen(es.readyState === EventSource.OPEN);
    };
    return () => {
      if (timer) clearTimeout(timer);
      for (const [name, fn] of listeners) es.removeEventListener(name, fn as EventListener);
      es.close();
      setOpen(false);
    };
  }, [url, key, debounceMs]);
  return open;
}
