import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import type { ResponseOf } from '../api/client';

type Board = ResponseOf<'/api/hall/centers/{centerId}/waiting'>;
const POLL_MS = 5000;
// On the display's dark ground; the light is also said in words, never by colour alone.
const LIGHT = { green: '#52c41a', amber: '#faad14', red: '#ff4d4f' } as const;

/**
 * The traffic-light waiting display (docs/hall.md): per zone how many wait and the estimated wait,
 * with the center's green / amber / red light. Polls with the ETag like the calls (a 304 when unchanged).
 */
export function WaitingLights({ centerId }: { centerId: string }) {
  const { t, lang } = useT();
  const [board, setBoard] = useState<Board>();
  const etag = useRef<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetch(`/api/hall/centers/${encodeURIComponent(centerId)}/waiting`, { headers: etag.current ? { 'if-none-match': etag.current } : {}, cache: 'no-store' });
        if (res.status === 200) {
          etag.current = res.headers.get('etag');
          setBoard(await res.json() as Board);
        }
      } catch {
        /* the next poll retries */
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, 0);
    return () => { stopped = true; clearTimeout(timer); };
  }, [centerId]);
  if (!board?.zones.length) return null;
  return (
    <section data-testid="waiting-lights" aria-labelledby="waiting-lights-title" style={{ margin: '16px 0 24px' }}>
      <h2 id="waiting-lights-title" style={{ color: '#fff', fontSize: 28 }}>{t('queue.lights.title')}</h2>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: 12 }}>
        {board.zones.map((z) => (
          <li key={z.id} data-testid={`light-${z.prefix}`} data-light={z.light}
            style={{ border: `3px solid ${LIGHT[z.light]}`, borderRadius: 12, padding: '12px 16px', display: 'flex', gap: 16, alignItems: 'center' }}>
            <span aria-hidden style={{ width: 44, height: 44, flex: 'none', borderRadius: '50%', background: LIGHT[z.light], boxShadow: `0 0 16px ${LIGHT[z.light]}` }} />
            <span style={{ fontSize: 22, lineHeight: 1.4 }}>
              <strong>{z.prefix} {lang === 'en' ? z.nameEn : z.name}</strong><br />
              <span style={{ color: LIGHT[z.light] }}>{t(`queue.light.${z.light}`)}</span>
              {' · '}{t('queue.lights.waiting', { n: z.waiting })}{' · '}{t('queue.lights.wait', { min: z.optimisticMinutes, max: z.pessimisticMinutes })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
