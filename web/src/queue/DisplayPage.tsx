import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { useTitle } from '../components/useTitle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MAIN_ID } from '../components/a11y/SkipLink';
import type { ResponseOf } from '../api/client';
import { WaitingLights } from './WaitingLights';

type Display = ResponseOf<'/api/hall/centers/{centerId}/display'>;
const POLL_MS = 2000;
/** After the stream failed, the display polls and tries the stream again this much later. */
const STREAM_RETRY_MS = 60_000;

/** Speaks a call where the browser can (speechSynthesis); silent elsewhere. */
function speak(text: string, lang: 'zh' | 'en') {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === 'zh' ? 'zh-CN' : 'en-US';
  window.speechSynthesis.speak(u);
}

/**
 * The hall display (叫号屏): the latest calls, newest first and large. Pushed over Server-Sent
 * Events (`display/stream`, docs/hall.md); where that fails it polls every 2 s with the ETag (an
 * unchanged list costs a 304 and no body). A new call, or a recall, is spoken.
 */
export default function DisplayPage() {
  const { centerId = '' } = useParams();
  const { t, lang } = useT();
  useTitle(t('queue.display.title'));
  const [data, setData] = useState<Display>();
  const etag = useRef<string | null>(null);
  const heard = useRef<Set<string> | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;
    let polling = false;
    const show = (body: Display) => {
      const keys = body.calls.map((c) => `${c.id}:${c.callCount}`);
      // The first answer is the state on arrival: only calls after it are spoken.
      if (heard.current) {
        for (const c of [...body.calls].reverse()) {
          if (heard.current.has(`${c.id}:${c.callCount}`)) continue;
          speak(lang === 'zh' ? `请 ${c.number} 号到 ${c.window.name} 办理` : `Number ${c.number}, please go to ${c.window.nameEn ?? c.window.name}`, lang);
        }
      }
      heard.current = new Set(keys);
      setData(body);
    };
    const poll = async () => {
      try {
        const res = await fetch(`/api/hall/centers/${encodeURIComponent(centerId)}/display`, { headers: etag.current ? { 'if-none-match': etag.current } : {}, cache: 'no-store' });
        if (res.status === 200) {
          etag.current = res.headers.get('etag');
          show(await res.json() as Display);
        }
      } catch {
        /* the next poll retries */
      }
      // Polling stops once the stream is back (a poll still in flight then ends the loop).
      if (stopped || source) { polling = false; return; }
      timer = setTimeout(poll, POLL_MS);
    };
    const startPolling = () => {
      if (polling) return;
      polling = true;
      timer = setTimeout(poll, 0);
    };
    // Pushed where the browser has EventSource; on an error (no stream, a proxy in the way, the
    // server full) the display polls, and tries the stream again after a while.
    const stream = () => {
      if (stopped) return;
      if (typeof EventSource === 'undefined') { startPolling(); return; }
      source = new EventSource(`/api/hall/centers/${encodeURIComponent(centerId)}/display/stream`);
      source.addEventListener('calls', (e) => show(JSON.parse((e as MessageEvent<string>).data) as Display));
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        startPolling();
        retry = setTimeout(stream, STREAM_RETRY_MS);
      };
    };
    stream();
    return () => { stopped = true; clearTimeout(timer); clearTimeout(retry); source?.close(); };
  }, [centerId, lang]);

  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  const [latest, ...earlier] = data?.calls ?? [];
  return (
    <main data-testid="queue-display" id={MAIN_ID} style={{ minHeight: '100vh', background: '#111', color: '#fff', padding: 24 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between' }}>
        <h1 style={{ color: '#fff', fontSize: 36 }}>{data ? pick(data.center.name, data.center.nameEn) : ''} · {t('queue.display.title')}</h1>
        <LanguageSwitch dark />
      </header>
      <section aria-live="polite" data-testid="display-latest" style={{ textAlign: 'center', margin: '24px 0', color: '#ffd666' }}>
        {latest ? (
          <>
            <div style={{ fontSize: 120, fontWeight: 700 }} data-testid="display-number">{latest.number}</div>
            <div style={{ fontSize: 48 }}>{t('queue.display.goTo', { window: pick(latest.window.name, latest.window.nameEn) })}</div>
          </>
        ) : <div style={{ fontSize: 36 }}>{t('queue.display.none')}</div>}
      </section>
      <WaitingLights centerId={centerId} />
      <table style={{ width: '100%', fontSize: 32, color: '#fff' }}>
        <caption style={{ color: '#ccc', textAlign: 'left', fontSize: 24 }}>{t('queue.display.earlier')}</caption>
        <thead><tr><th scope="col">{t('queue.number')}</th><th scope="col">{t('queue.window')}</th><th scope="col">{t('queue.zone')}</th></tr></thead>
        <tbody>
          {earlier.map((c) => (
            <tr key={c.id}><td>{c.number}</td><td>{pick(c.window.name, c.window.nameEn)}</td><td>{pick(c.zone.name, c.zone.nameEn)}</td></tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
