import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { useTitle } from '../components/useTitle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import type { ResponseOf } from '../api/client';

type Display = ResponseOf<'/api/hall/centers/{centerId}/display'>;
const POLL_MS = 2000;

/** Speaks a call where the browser can (speechSynthesis); silent elsewhere. */
function speak(text: string, lang: 'zh' | 'en') {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === 'zh' ? 'zh-CN' : 'en-US';
  window.speechSynthesis.speak(u);
}

/**
 * The hall display (叫号屏): the latest calls, newest first and large. Polls every 2 s with the
 * ETag (an unchanged list costs a 304 and no body); a new call, or a recall, is spoken.
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
    const poll = async () => {
      try {
        const res = await fetch(`/api/hall/centers/${encodeURIComponent(centerId)}/display`, { headers: etag.current ? { 'if-none-match': etag.current } : {}, cache: 'no-store' });
        if (res.status === 200) {
          etag.current = res.headers.get('etag');
          const body = await res.json() as Display;
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
        }
      } catch {
        /* the next poll retries */
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, 0);
    return () => { stopped = true; clearTimeout(timer); };
  }, [centerId, lang]);

  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  const [latest, ...earlier] = data?.calls ?? [];
  return (
    <main data-testid="queue-display" style={{ minHeight: '100vh', background: '#111', color: '#fff', padding: 24 }}>
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
