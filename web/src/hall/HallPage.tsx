import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MAIN_ID } from '../components/a11y/SkipLink';
import { enumLabel } from '../components/labels';
import { useEventStream } from '../supervision/useEventStream';
import type { HallBoard } from '../supervision/types';

const stillFrames = typeof navigator !== 'undefined' && navigator.webdriver === true;

/** 张三 → 张*, 欧阳娜娜 → 欧***; names the server already masked are kept. */
export function maskName(name: string): string {
  if (!name || name.includes('*')) return name;
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
}

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/**
 * The hall's big screen (seed 000 二(一)): today's accepted and completed cases scrolling with masked
 * applicant names, the day's counts and on-time rate. Pushed by the server (EventSource), no polling.
 */
export default function HallPage() {
  const { centerId = '' } = useParams();
  const { t } = useT();
  const first = useGet('/api/hall/board', { query: { centerId } });
  const [pushed, setPushed] = useState<HallBoard>();
  const [updatedAt, setUpdatedAt] = useState<Date>();
  useEffect(() => setPushed(undefined), [centerId]);
  const live = useEventStream(`/api/hall/stream?centerId=${encodeURIComponent(centerId)}`, ['update'], (_n, data) => {
    if (data && typeof data === 'object' && 'today' in (data as object)) {
      setPushed(data as HallBoard);
      setUpdatedAt(new Date());
    } else void first.refetch();
  }, 0);
  const b = pushed ?? first.data;
  const now = useNow();
  useTitle(b ? `${b.center.name} - ${t('hall.title')}` : t('hall.title'));
  const rows = b?.recent ?? [];
  const scroll = rows.length > 8 && !stillFrames;
  const list = (copy: number) => rows.map((r, i) => (
    <div key={`${copy}-${i}`} className="ow-hall-row" data-testid={copy === 0 ? 'hall-row' : undefined} data-status={r.status} data-receipt-no={r.receiptNo ?? ''}
      aria-hidden={copy > 0 ? true : undefined}>
      <span className="ow-hall-time">{timeOf(r.at)}</span>
      <span className="ow-hall-name" data-testid={copy === 0 ? 'hall-applicant' : undefined}>{maskName(r.applicantName)}</span>
      <span className="ow-hall-item">{r.itemName}</span>
      <span className={`ow-hall-status ow-hall-status-${r.status}`}>{r.status === 'completed' ? t('hall.kind.completed') : r.status === 'accepted' ? t('hall.kind.accepted') : enumLabel(t, 'caseStatus', r.status)}</span>
    </div>
  ));
  return (
    <main className="ow-hall" data-testid="hall-page" data-center-id={centerId} data-live={live ? 'true' : 'false'} id={MAIN_ID}>
      <header className="ow-hall-head">
        <h1 data-testid="hall-center">{b?.center.name ?? ''} · {t('hall.title')}</h1>
        <div className="ow-hall-clock">
          <span data-testid="hall-clock">{now.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })}</span>
          <span className={`ow-hall-dot ${live ? 'on' : ''}`} data-testid="hall-live" title={live ? t('sup.live') : t('sup.offline')} />
          <LanguageSwitch dark />
        </div>
      </header>
      <QueryError of={first} />
      <section className="ow-hall-figures">
        <div className="ow-hall-figure" data-testid="hall-accepted" data-count={b?.today.accepted ?? ''}>
          <div className="n">{b?.today.accepted ?? '—'}</div><div className="l">{t('hall.accepted')}</div>
        </div>
        <div className="ow-hall-figure" data-testid="hall-completed" data-count={b?.today.completed ?? ''}>
          <div className="n">{b?.today.completed ?? '—'}</div><div className="l">{t('hall.completed')}</div>
        </div>
        <div className="ow-hall-figure" data-testid="hall-ontime" data-rate={b?.today.onTimeRate ?? ''}>
          <div className="n">{b?.today.onTimeRate === null || b?.today.onTimeRate === undefined ? '—' : `${(b.today.onTimeRate * 100).toFixed(1)}%`}</div>
          <div className="l">{t('hall.onTimeRate')}</div>
        </div>
      </section>
      <section className="ow-hall-list" data-testid="hall-list">
        <div className="ow-hall-row ow-hall-row-head">
          <span className="ow-hall-time">{t('hall.col.time')}</span>
          <span className="ow-hall-name">{t('hall.col.applicant')}</span>
          <span className="ow-hall-item">{t('hall.col.item')}</span>
          <span className="ow-hall-status">{t('hall.col.status')}</span>
        </div>
        {rows.length === 0 && b ? <div className="ow-hall-empty" data-testid="hall-empty">{t('hall.empty')}</div> : null}
        <div className="ow-hall-viewport">
          <div className={scroll ? 'ow-hall-track scrolling' : 'ow-hall-track'} style={scroll ? { animationDuration: `${rows.length * 3}s` } : undefined}>
            {list(0)}
            {scroll ? list(1) : null}
          </div>
        </div>
      </section>
      <footer className="ow-hall-foot" data-testid="hall-updated">
        {updatedAt ? t('hall.updatedAt', { at: updatedAt.toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) }) : t('hall.pushHint')}
      </footer>
    </main>
  );
}

/** `/hall`: choose the center whose screen to show. */
export function HallChooser() {
  const { t, pick } = useT();
  useTitle(t('hall.title'));
  const facets = useGet('/api/catalog/facets');
  return (
    <main className="ow-hall" data-testid="hall-chooser" id={MAIN_ID}>
      <header className="ow-hall-head">
        <h1>{t('hall.choose')}</h1>
        <div className="ow-hall-clock"><LanguageSwitch dark /></div>
      </header>
      <QueryError of={facets} />
      <div className="ow-hall-centers">
        {(facets.data?.centers ?? []).map((c) => (
          <Link key={c.id} to={`/hall/${encodeURIComponent(c.id)}`} className="ow-hall-center" data-testid="hall-center-link" data-center-id={c.id}>
            {pick(c.name, c.nameEn)}
          </Link>
        ))}
      </div>
    </main>
  );
}
