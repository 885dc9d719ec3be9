import { useEffect, useState } from 'react';
import { useGet } from '../../api/query';
import { useT } from '../../i18n';

/** An instant as China time (UTC+8), whatever the browser's zone: every time the bids show is the server's. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The server's clock, never the device's: read once from /api/clock, then ticked locally by the
 * offset between the two, so a wrong device clock shows the server's time anyway.
 */
export function ServerClock() {
  const { t } = useT();
  const clock = useGet('/api/clock');
  const [offset, setOffset] = useState<number | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    if (clock.data) setOffset(new Date(clock.data.now).getTime() - Date.now());
  }, [clock.data]);
  useEffect(() => {
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, []);
  const now = offset === null ? null : new Date(Date.now() + offset).toISOString();
  return (
    <div className="ow-result-meta" style={{ marginBottom: 12 }} role="timer" aria-live="off">
      <span>{t('bids.clock')}：</span>
      <strong data-testid="server-clock">{chinaTime(now)}</strong>
      <span style={{ marginLeft: 8 }}>{t('bids.clock.note')}</span>
    </div>
  );
}
