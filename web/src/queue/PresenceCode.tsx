import { useEffect } from 'react';
import { QRCode } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';

/**
 * The kiosk's presence code (docs/hall.md "A ticket from the phone"): six digits and a QR code of the
 * portal's address with them. A person in the hall scans it and takes a ticket on their phone; the
 * code changes every 5 minutes, so it is refreshed each minute.
 */
export function PresenceCode({ token, centerId }: { token: string; centerId: string }) {
  const { t } = useT();
  const presence = useGet('/api/hall/kiosk/presence', { header: { 'x-kiosk-token': token } });
  const { refetch } = presence;
  useEffect(() => {
    const timer = setInterval(() => void refetch(), 60_000);
    return () => clearInterval(timer);
  }, [refetch]);
  const code = presence.data?.code;
  if (!code) return null;
  const url = `${window.location.origin}/my/hall?center=${encodeURIComponent(centerId)}&code=${code}`;
  return (
    <section data-testid="kiosk-presence" aria-labelledby="kiosk-presence-title"
      style={{ marginTop: 24, display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap', background: '#fff', color: '#111', borderRadius: 12, padding: 16 }}>
      {/* antd hands aria-* props to the canvas it draws (role=img), which needs a name (axe role-img-alt). */}
      <QRCode value={url} size={140} bordered={false} aria-label={t('queue.presence.qr')} />
      <div>
        <h2 id="kiosk-presence-title" style={{ fontSize: 26, margin: 0 }}>{t('queue.presence.title')}</h2>
        <p style={{ fontSize: 22, margin: '8px 0 0' }}>{t('queue.presence.hint', { code: '' })}<strong data-testid="kiosk-presence-code" style={{ fontSize: 32, letterSpacing: 4 }}>{code}</strong></p>
      </div>
    </section>
  );
}
